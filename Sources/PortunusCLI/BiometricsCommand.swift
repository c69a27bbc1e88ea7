import ArgumentParser
import Biometrics
import Foundation
import Portunus
import PortunusCore

struct BiometricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "biometrics",
        abstract: "Biometric galleries: enrol templates, build an HNSW index, calibrate a threshold, 1:N search and 1:1 verification.",
        subcommands: [BiometricsGalleryCommand.self, BiometricsCalibrateCommand.self, BiometricsSearchCommand.self, BiometricsVerifyCommand.self]
    )
}

/// The template format flags every biometric command takes.
struct TemplateFormatOptions: ParsableArguments {
    @Option(help: "The extractor that made the templates (templates of different extractors are never compared).") var extractor: String?
    @Option(name: .customLong("extractor-version"), help: "The extractor's version.") var version: String?
    @Option(help: "Floats per template.") var dimension: Int?

    static let maximumDimension = 65_536

    /// The format from the flags, completed by what a probe file names.
    func format(extractor named: String? = nil, version namedVersion: String? = nil, dimension length: Int? = nil) throws -> TemplateFormat {
        guard let extractor = extractor ?? named, let version = version ?? namedVersion, let dimension = dimension ?? length, dimension > 0 else {
            throw PortunusError(.missingField, "--extractor, --extractor-version and --dimension name the template format").exit()
        }
        // A template of more floats than this is no face or fingerprint template, and the
        // galleries compute byte lengths (4 × dimension) and hand hnswlib an Int32 of it.
        guard dimension <= TemplateFormatOptions.maximumDimension else {
            throw PortunusError(.invalidArgument, "--dimension is 1 to \(TemplateFormatOptions.maximumDimension) floats", field: "dimension").exit()
        }
        return TemplateFormat(extractor: extractor, version: version, dimension: dimension)
    }

    /// A probe file's template (`-`: standard input) and its format: the flags, completed by
    /// what the file names and by the template's length.
    /// Reads the probe and asks the biometric service for a decision; a refusal exits with its code.
    func decide(
        _ path: String, in data: DataDirectoryOptions,
        _ ask: (BiometricService, [Float], TemplateFormat) throws -> BiometricService.Decision
    ) throws -> BiometricService.Decision {
        do {
            let (vector, format) = try probe(path)
            return try data.withBiometrics { service in try ask(service, vector, format) }
        } catch let error as PortunusError { throw error.exit() }
    }

    func probe(_ path: String) throws -> (vector: [Float], format: TemplateFormat) {
        let probe = try TemplateFile.probe(try readFile(path))
        return (probe.vector, try format(extractor: probe.extractor, version: probe.version, dimension: probe.vector.count))
    }
}

extension BiometricService.Decision {
    /// How the decision was taken: under which threshold, or with none calibrated yet.
    var thresholdNote: String { policy.map { ", threshold \($0.threshold)" } ?? ", no threshold calibrated" }
}

struct BiometricsCalibrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Set an extractor version's threshold from impostor pairs of a gallery, to a target false-match rate.",
        discussion: "Needs at least 10 / rate pairs of templates of different subjects; the threshold applies to 1:1 and 1:N decisions."
    )
    @Option(help: "The gallery the impostor pairs are drawn from.") var gallery: String
    @OptionGroup var format: TemplateFormatOptions
    @Option(name: .customLong("false-match-rate"), help: "The target false-match rate.") var rate = 0.001
    @Option(help: "Impostor pairs to draw.") var pairs = 200_000
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let format = try format.format()
        let policy = try data.withBiometrics {
            try $0.calibrate(gallery: gallery, format: format, targetFalseMatchRate: rate, pairs: pairs, by: commandPrincipal)
        }
        print("threshold \(policy.threshold) for \(format.extractor) \(format.version) at a false-match rate of \(rate)")
    }
}

struct BiometricsSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "1:N: the gallery's best candidates for a probe, with scores and the decision under the calibrated threshold.",
        discussion: """
            The probe file holds a JSON array of numbers, or an object with template (and extractor, version). With --json: \
            candidates (template, subject, score), decision (match, no_match, uncalibrated), policy, method (hnsw or exact), \
            templates. The search is recorded.
            """
    )
    @Option(help: "The gallery.") var gallery: String
    @Option(help: "The probe file, or - for standard input.") var probe: String
    @Option(help: "Candidates (1 to 100).") var top = 10
    @Flag(help: "Exact search even when the gallery has an HNSW index.") var exact = false
    @Flag(help: "One JSON object.") var json = false
    @OptionGroup var format: TemplateFormatOptions
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let decision = try format.decide(probe, in: data) { service, vector, format in
            try service.search(gallery: gallery, probe: vector, format: format, k: top, exact: exact, by: commandPrincipal)
        }
        if json { return try printJSON(decision) }
        print(
            "\(decision.decision) (\(decision.method.rawValue) search of \(decision.templates) templates"
                + decision.thresholdNote + ")")
        for (rank, candidate) in decision.candidates.enumerated() {
            print("  \(rank + 1). \(candidate.subject)\ttemplate \(candidate.template)\tscore \(String(format: "%.4f", candidate.score))")
        }
    }
}

struct BiometricsVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "1:1: a probe against one enrolled template, decided by the calibrated threshold; recorded.")
    @Option(help: "The enrolled template's id.") var template: Int64
    @Option(help: "The probe file, or - for standard input.") var probe: String
    @Flag(help: "One JSON object.") var json = false
    @OptionGroup var format: TemplateFormatOptions
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let decision = try format.decide(probe, in: data) { service, vector, format in
            try service.verify(template: template, probe: vector, format: format, by: commandPrincipal)
        }
        if json { return try printJSON(decision) }
        print(
            "\(decision.decision): score \(String(format: "%.4f", decision.candidates[0].score))"
                + decision.thresholdNote)
    }
}
