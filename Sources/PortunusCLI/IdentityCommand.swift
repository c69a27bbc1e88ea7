import ArgumentParser
import Foundation
import IdentityDocuments
import PortunusCore

struct IdentityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "id",
        abstract: "Identity documents: ICAO 9303 machine-readable zones.",
        subcommands: [IdentityMRZCommand.self, IdentityVerifyChipCommand.self, IdentityCSCACommand.self]
    )
}

struct IdentityMRZCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mrz",
        abstract: "Read and check an MRZ (TD1, TD2, TD3, MRV-A, MRV-B): every field, every check digit, country codes, OCR repairs.",
        discussion: """
            The lines as arguments, or on standard input. With --json: format, document_code, issuing_state, surname, given_names, \
            document_number, nationality, date_of_birth and expiry_date (YYYY-MM-DD), sex (M, F or X), optional_data, optional_data_2, \
            checks (document_number, date_of_birth, expiry_date, optional_data, composite: each with valid), repairs (by character class), suggestions (a look-alike \
            in the document number or personal number that would make its failing check digit hold: not applied, the zone \
            stays not valid), problems, valid, and not_protected (the fields no check digit covers). Exit 0 when valid, 3 when read but not valid, 2 when the \
            lines are no MRZ.
            """
    )
    @Argument(help: "The MRZ lines (quote each: they contain <).") var lines: [String] = []
    @Flag(help: "One JSON object.") var json = false

    func run() async throws {
        var input = lines
        if input.isEmpty {
            while let line = readLine() { if !line.trimmingCharacters(in: .whitespaces).isEmpty { input.append(line) } }
        }
        let mrz: MRZ
        do { mrz = try MRZReader.read(input) } catch { throw error.exit() }
        if json {
            try printJSON(mrz)
        } else {
            print("\(mrz.format.rawValue) \(mrz.documentCode) issued by \(mrz.issuingState): \(mrz.valid ? "VALID" : "NOT VALID")")
            print("  \(mrz.surname), \(mrz.givenNames); \(mrz.nationality); born \(mrz.dateOfBirth ?? mrz.raw.birthDate); sex \(mrz.sex)")
            print("  document \(mrz.documentNumber), expires \(mrz.expiryDate ?? mrz.raw.expiryDate)")
            for (name, check) in mrz.checks.sorted(by: { $0.key < $1.key }) {
                print(
                    "  check \(name): \(check.valid ? "ok" : "FAILS") (printed \(check.printed), computed \(check.computed.map(String.init) ?? "-"))")
            }
            for repair in mrz.repairs {
                print("  repaired \(repair.field) line \(repair.line) column \(repair.column): \(repair.from) → \(repair.to) (\(repair.reason))")
            }
            for suggestion in mrz.suggestions {
                print(
                    "  suggested \(suggestion.field) \(suggestion.reading) (line \(suggestion.line) column \(suggestion.column): \(suggestion.from) → \(suggestion.to), \(suggestion.reason)): compare with the printed page"
                )
            }
            for problem in mrz.problems { print("  problem: \(problem)") }
            print("  not protected by any check digit: \(mrz.notProtected.joined(separator: ", "))")
        }
        if !mrz.valid { throw ExitCode(3) }
    }
}

struct IdentityVerifyChipCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-chip",
        abstract: "Passive authentication: the SOD's signature, every data group's hash, the Document Signer's chain to a trusted CSCA.",
        discussion: """
            --sod is EF.SOD as read (tag 77) or a bare CMS ContentInfo; each --dg a data group's raw file; --masterlist an ICAO \
            master list, a PEM bundle or a DER certificate (repeatable); --crl a CRL (repeatable); --ds the Document Signer \
            certificate when the SOD does not carry it. Fails closed: without a CSCA there is no chain and the result is not \
            valid. Exit 0 valid, 3 not valid, 2 unreadable input.
            """
    )
    @Option(help: "EF.SOD.") var sod: String
    @Option(help: "A data group file (DG1, DG2, …).") var dg: [String] = []
    @Option(help: "CSCA certificates: an ICAO master list, a PEM bundle or a DER certificate.") var masterlist: [String] = []
    @Option(help: "A CRL (PEM or DER).") var crl: [String] = []
    @Option(help: "The Document Signer certificate, when the SOD does not carry it.") var ds: String?
    @Flag(help: "One JSON object.") var json = false

    func bytes(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw PortunusError(.io, "cannot read \(path)").exit() }
        return Array(data)
    }

    func run() async throws {
        let trust = TrustStore()
        do {
            for path in masterlist { try trust.add(try bytes(path)) }
            for path in crl { try trust.addCRL(try bytes(path)) }
        } catch let error as PortunusError { throw error.exit() }
        var signer: Certificate?
        if let ds {
            guard let certificate = Certificate(der: try bytes(ds)) else {
                throw PortunusError(.invalidChipData, "--ds is not a DER certificate").exit()
            }
            signer = certificate
        }
        let result = PassiveAuthentication.verify(
            sod: try bytes(sod), dataGroups: try dg.map(bytes), documentSigner: signer,
            trust: masterlist.isEmpty ? nil : trust)
        if json {
            try printJSON(result)
        } else {
            print("passive authentication: \(result.valid ? "VALID" : "NOT VALID")")
            for check in result.checks { print("  \(check.passed ? "ok  " : "FAIL") \(check.name): \(check.detail)") }
        }
        if !result.valid { throw ExitCode(3) }
    }
}

struct IdentityCSCACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csca",
        abstract: "Load CSCA certificates (ICAO master list, PEM bundle, DER) and say how many parse, verify as self-signed, or as linked."
    )
    @Argument(help: "The files.") var files: [String]

    func run() async throws {
        let trust = TrustStore()
        do {
            for path in files {
                guard let data = FileManager.default.contents(atPath: path) else { throw PortunusError(.io, "cannot read \(path)") }
                try trust.add(Array(data))
            }
        } catch let error as PortunusError { throw error.exit() }
        let profile = trust.profile()
        print(
            "\(trust.certificates.count) certificates: \(profile.selfSigned) self-signed and verifying, \(profile.linked) linked and verifying, \(profile.unverified) neither"
        )
    }
}
