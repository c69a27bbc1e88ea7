import ArgumentParser
import Foundation
import Ledger
import Portunus
import PortunusCore
import Storage

struct CertificatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificates",
        abstract: "AEO authorisations and certificates of origin on the verifiable ledger: issue, change, show, bundle, verify.",
        discussion: """
            The issuing administration writes; partners and holders verify a bundle offline (portunus certificates
            verify) against a C2SP tlog-policy. Changes made here are appended to the log by the running server or by
            `portunus ledger publish`.
            """,
        subcommands: [
            CertificateIssueCommand.self, CertificateStatusCommand.self, CertificateShowCommand.self, CertificateBundleCommand.self,
            CertificateVerifyCommand.self,
        ]
    )
}

extension CertificateService.Kind: ExpressibleByArgument {}

func printCertificate(_ certificate: StoredCertificate) {
    print(
        "\(certificate.kind) certificate \(certificate.id): \(certificate.status) (holder \(certificate.holder), document sha256 \(certificate.documentSHA256))"
    )
    for event in certificate.events {
        print(
            "  \(ISO8601.format(event.at)) \(event.status) by \(event.by)\(event.ledgerIndex.map { ", ledger index \($0)" } ?? ", waiting to be appended")"
        )
    }
}

struct CertificateIssueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue", abstract: "Issue a certificate from a JSON request (the API's body); print it.")
    @Argument(help: "aeo or origin.") var kind: CertificateService.Kind
    @Argument(help: "The JSON request, or - for standard input.") var file: String
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        let body = try readInput(file)
        try data.certificates { service, principal in printCertificate(try service.issue(kind, request: body, by: principal)) }
    }
}

struct CertificateStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Suspend, reinstate (granted) or revoke a certificate, with the reason.")
    @Argument(help: "aeo or origin.") var kind: CertificateService.Kind
    @Argument(help: "The certificate id.") var id: String
    @Option(help: "suspended, granted or revoked (AEO); revoked (origin).") var to: String
    @Option(help: "Why (kept in the database; only its hash goes into the log).") var reason: String?
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        try data.certificates { service, principal in printCertificate(try service.change(kind, id: id, to: to, reason: reason, by: principal)) }
    }
}

struct CertificateShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A certificate, its document and its history.")
    @Argument(help: "aeo or origin.") var kind: CertificateService.Kind
    @Argument(help: "The certificate id.") var id: String
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        try data.certificates { service, principal in
            let certificate = try service.certificate(kind, id: id, by: principal)
            printCertificate(certificate)
            print(certificate.document)
        }
    }
}

struct CertificateBundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle", abstract: "Print the offline bundle of a certificate's latest status (document, ledger entry, tlog-proof).")
    @Argument(help: "aeo or origin.") var kind: CertificateService.Kind
    @Argument(help: "The certificate id.") var id: String
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        var certificate: StoredCertificate?
        try data.certificates { service, principal in certificate = try service.certificate(kind, id: id, by: principal) }
        let bundle = try data.ledger { paths -> Data in
            let log = try TiledLog(dataDirectory: paths.dataDirectory)
            return try CertificateService.bundle(certificate!, log: log)
        }
        FileHandle.standardOutput.write(bundle)
    }
}

struct CertificateVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a certificate bundle offline against a tlog-policy; with --log, also look for any later status in the log.",
        discussion: """
            Exit status 0: the certificate is proved and in force (granted, issued). 3: proved, but suspended or revoked
            (or a later entry in the log says so). 2: the bundle does not verify.
            """
    )
    @Argument(help: "The bundle file (from GET …/bundle or `portunus certificates bundle`), or - for standard input.") var bundle: String
    @Option(help: "The C2SP tlog-policy: the issuer's log key, the witnesses and the quorum.") var policy: String
    @Option(help: "The issuer's log (a directory or an http(s) URL prefix) to read every later entry from.") var log: String?

    func run() async throws {
        do {
            let trust = try TlogPolicy(text: String(decoding: try readInput(policy), as: UTF8.self))
            let source: LogSource? = log.map { location in
                if location.hasPrefix("http://") || location.hasPrefix("https://"), let url = URL(string: location) { return .http(url) }
                return .directory(URL(fileURLWithPath: location))
            }
            let verdict = try CertificateVerifier.verify(bundle: try readInput(bundle), policy: trust, log: source)
            let witnesses = verdict.cosigners.sorted().joined(separator: ", ")
            print(
                "\(verdict.kind) certificate \(verdict.id) (holder \(verdict.holder)): \(verdict.status) at index \(verdict.index) of \(verdict.checkpoint.origin), "
                    + "checkpoint size \(verdict.checkpoint.size), cosigned by \(witnesses.isEmpty ? "no witness" : witnesses)")
            if let checked = verdict.checkedUpTo {
                if let later = verdict.laterStatus {
                    print("later in the log: \(later.status) at index \(later.index) (checked up to size \(checked))")
                } else {
                    print("no later status in the log (checked up to size \(checked))")
                }
            }
            print(verdict.inForce ? "IN FORCE" : verdict.currentStatus.uppercased())
            if !verdict.inForce { throw ExitCode(3) }
        } catch let error as LedgerError {
            throw error.exit()
        } catch let error as PortunusError {
            throw error.exit()
        }
    }
}
