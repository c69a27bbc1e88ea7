/// A problem found while reading, with a stable code and the exact place. Reading goes on:
/// diagnostics never stop a message from being read as far as it can be.
public struct EDIFACTDiagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable { case warning, error }

    public var code: String
    public var severity: Severity
    public var message: String
    /// 1-based segment position, when the problem belongs to a segment.
    public var segment: Int?
    public var byteOffset: Int
    public var line: Int

    public var description: String {
        "\(severity.rawValue) \(code): \(message) (line \(line), byte \(byteOffset)\(segment.map { ", segment \($0)" } ?? ""))"
    }

    enum CodingKeys: String, CodingKey { case code, severity, message, segment, byteOffset = "byte_offset", line }
}
