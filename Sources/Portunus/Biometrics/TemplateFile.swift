import Biometrics
import Foundation
import PortunusCore

/// Templates as they arrive from an extractor, one JSON object per line:
///
///     {"subject": "WL-2024-0117", "template": [0.0132, -0.0871, …]}
///
/// A line may also name its `extractor` and `version`; when it does they must be the file's.
/// Bad lines are reported by line number and field (never by content: a template is
/// personal data) and left out; the good ones are enrolled.
public enum TemplateFile {
    public struct Line: Sendable {
        public var line: Int
        public var subject: String
        public var vector: [Float]
    }

    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var code: PortunusError.Code
        public var field: String?
        public var reason: String
        public var description: String { "line \(line)\(field.map { " field \($0)" } ?? ""): \(code.rawValue): \(reason)" }
    }

    struct Object: Decodable {
        var subject: String
        var template: [Float]
        var extractor: String?
        var version: String?
    }

    /// The lines of a JSON Lines file, checked against the format; blank lines are skipped.
    public static func parse(_ bytes: [UInt8], format: TemplateFormat) -> (lines: [Line], problems: [Problem]) {
        var lines: [Line] = []
        var problems: [Problem] = []
        let decoder = JSONDecoder()
        var number = 0
        for slice in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            guard slice.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\t") }) else { continue }
            do {
                let object = try decoder.decode(Object.self, from: Data(slice))
                if let extractor = object.extractor, extractor != format.extractor {
                    throw PortunusError(.templateFormat, "the line's extractor is not the file's (\(format.extractor))", field: "extractor")
                }
                if let version = object.version, version != format.version {
                    throw PortunusError(.templateFormat, "the line's extractor version is not the file's (\(format.version))", field: "version")
                }
                try BiometricService.check(subject: object.subject)
                let vector = try ExactGallery.normalised(object.template, format: format, given: format)
                lines.append(Line(line: number, subject: object.subject, vector: vector))
            } catch let error as PortunusError {
                problems.append(
                    Problem(
                        line: number, code: error.code, field: error.field ?? (error.code == .templateFormat ? "template" : nil), reason: error.reason
                    ))
            } catch let DecodingError.keyNotFound(key, _) {
                problems.append(Problem(line: number, code: .missingField, field: key.stringValue, reason: "required"))
            } catch let DecodingError.typeMismatch(_, context) {
                problems.append(Problem(line: number, code: .wrongType, field: context.codingPath.first?.stringValue, reason: "wrong type"))
            } catch {
                problems.append(Problem(line: number, code: .invalidJSON, field: nil, reason: "the line is not a JSON object"))
            }
        }
        return (lines, problems)
    }

    /// A probe: a JSON object with `template` (and optionally `extractor` and `version`), or
    /// a bare JSON array of numbers.
    public static func probe(_ bytes: [UInt8]) throws(PortunusError) -> (vector: [Float], extractor: String?, version: String?) {
        let data = Data(bytes)
        if let vector = try? JSONDecoder().decode([Float].self, from: data) { return (vector, nil, nil) }
        struct Probe: Decodable {
            var template: [Float]
            var extractor: String?
            var version: String?
        }
        guard let probe = try? JSONDecoder().decode(Probe.self, from: data) else {
            throw PortunusError(.invalidJSON, "a probe is a JSON array of numbers, or an object with template (and extractor, version)")
        }
        return (probe.template, probe.extractor, probe.version)
    }
}
