import ArgumentParser
import Foundation
import IdentityDocuments
import PortunusCore

struct IdentityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "id",
        abstract: "Identity documents: ICAO 9303 machine-readable zones.",
        subcommands: [IdentityMRZCommand.self]
    )
}

struct IdentityMRZCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mrz",
        abstract: "Read and check an MRZ (TD1, TD2, TD3, MRV-A, MRV-B): every field, every check digit, country codes, OCR repairs.",
        discussion: """
            The lines as arguments, or on standard input. With --json: format, document_code, issuing_state, surname, given_names, \
            document_number, nationality, date_of_birth and expiry_date (YYYY-MM-DD), sex (M, F or X), optional_data, optional_data_2, \
            checks (document_number, date_of_birth, expiry_date, optional_data, composite: each with valid), repairs, problems, \
            valid, and not_protected (the fields no check digit covers). Exit 0 when valid, 3 when read but not valid, 2 when the \
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
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(mrz), as: UTF8.self))
        } else {
            print("\(mrz.format.rawValue) \(mrz.documentCode) issued by \(mrz.issuingState): \(mrz.valid ? "VALID" : "NOT VALID")")
            print("  \(mrz.surname), \(mrz.givenNames); \(mrz.nationality); born \(mrz.dateOfBirth ?? mrz.raw.birthDate); sex \(mrz.sex)")
            print("  document \(mrz.documentNumber), expires \(mrz.expiryDate ?? mrz.raw.expiryDate)")
            for (name, check) in mrz.checks.sorted(by: { $0.key < $1.key }) {
                print("  check \(name): \(check.valid ? "ok" : "FAILS") (printed \(check.printed), computed \(check.computed.map(String.init) ?? "-"))")
            }
            for repair in mrz.repairs { print("  repaired \(repair.field) line \(repair.line) column \(repair.column): \(repair.from) → \(repair.to) (\(repair.reason))") }
            for problem in mrz.problems { print("  problem: \(problem)") }
            print("  not protected by any check digit: \(mrz.notProtected.joined(separator: ", "))")
        }
        if !mrz.valid { throw ExitCode(3) }
    }
}
