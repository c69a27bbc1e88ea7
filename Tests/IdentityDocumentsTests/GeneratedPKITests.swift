import Foundation
import PortunusTestSupport
import Testing

@testable import IdentityDocuments
@testable import PortunusCore

/// A throwaway ePassport PKI made with the openssl command: CSCAs (RSA-PSS; Brainpool with
/// explicit curve parameters), a key change bridged by a link certificate, Document Signers, a
/// CRL, and SODs signed over generated data groups. Each verdict is compared with openssl's.
final class TestPKI {
    let directory = TestEnvironment.temporaryDirectory("pki")
    let openssl = URL(fileURLWithPath: "/usr/bin/openssl")
    var serial = 10

    struct Failure: Error, CustomStringConvertible { var description: String }

    deinit { TestEnvironment.cleanUp(directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let result = try TestEnvironment.run(openssl, arguments)
        guard result.status == 0 else { throw Failure(description: "openssl \(arguments.joined(separator: " ")): \(result.output)") }
        return result.output
    }

    func write(_ name: String, _ text: String) throws { try text.write(toFile: path(name), atomically: true, encoding: .utf8) }

    init() throws {
        try write("req.cnf", "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = unused\n")
        try write(
            "ca.ext",
            "basicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign, cRLSign\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always\n"
        )
        try write("ds.ext", "keyUsage = critical, digitalSignature\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always\n")
    }

    static let pss = ["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32"]

    func rsaKey(_ name: String) throws { try run(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", path(name + ".key")]) }

    func brainpoolKey(_ name: String, explicit: Bool) throws {
        try run(
            ["ecparam", "-name", "brainpoolP256r1", "-genkey", "-noout", "-out", path(name + ".key")] + (explicit ? ["-param_enc", "explicit"] : []))
    }

    /// A self-signed CSCA.
    func csca(_ name: String, subject: String, pss: Bool) throws {
        try run(
            [
                "req", "-config", path("req.cnf"), "-x509", "-new", "-key", path(name + ".key"), "-subj", subject, "-days", "3650", "-sha256",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-addext", "subjectKeyIdentifier=hash", "-out", path(name + ".pem"),
            ] + (pss ? Self.pss : []))
    }

    /// A certificate for `name`'s key, issued by `issuer`.
    func issue(_ name: String, subject: String, by issuer: String, extensions: String, pss: Bool) throws {
        try run(["req", "-config", path("req.cnf"), "-new", "-key", path(name + ".key"), "-subj", subject, "-out", path(name + ".csr")])
        serial += 1
        try run(
            [
                "x509", "-req", "-in", path(name + ".csr"), "-CA", path(issuer + ".pem"), "-CAkey", path(issuer + ".key"), "-set_serial",
                String(serial),
                "-days", "365", "-sha256", "-extfile", path(extensions), "-out", path(name + ".pem"),
            ] + (pss ? Self.pss : []))
    }

    func der(_ name: String) throws -> [UInt8] {
        try run(["x509", "-in", path(name + ".pem"), "-outform", "DER", "-out", path(name + ".der")])
        return Array(try Data(contentsOf: URL(fileURLWithPath: path(name + ".der"))))
    }

    func pem(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path(name + ".pem")))) }

    /// A SOD over the data groups, signed by `signer` (RSA-PSS when asked).
    func sod(_ groups: [[UInt8]], signer: String, pss: Bool) throws -> [UInt8] {
        let sha256 = "2.16.840.1.101.3.4.2.1"
        let hashes = groups.map { group -> [UInt8] in
            DER.sequence(DER.integer(LDS.dataGroupNumber(group)!) + DER.element(0x04, PassiveAuthentication.digest(group, oid: sha256)!))
        }
        let lds = DER.sequence(
            DER.integer(0) + DER.sequence(DER.element(0x06, [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]))
                + DER.sequence(hashes.flatMap { $0 }))
        try Data(lds).write(to: URL(fileURLWithPath: path("lds.der")))
        try run(
            [
                "cms", "-sign", "-binary", "-nodetach", "-outform", "DER", "-econtent_type", "2.23.136.1.1.1", "-in", path("lds.der"),
                "-signer", path(signer + ".pem"), "-inkey", path(signer + ".key"), "-md", "sha256", "-nosmimecap", "-out", path("sod.der"),
            ]
                + (pss ? ["-keyopt", "rsa_padding_mode:pss", "-keyopt", "rsa_pss_saltlen:32"] : []))
        return DER.element(0x77, Array(try Data(contentsOf: URL(fileURLWithPath: path("sod.der")))))
    }

    /// openssl's verdict on a DS's chain.
    func opensslChains(_ ds: String, anchors: String, untrusted: String? = nil, crl: String? = nil) throws -> Bool {
        var arguments = ["verify", "-CAfile", path(anchors)]
        if let untrusted { arguments += ["-untrusted", path(untrusted)] }
        if let crl { arguments += ["-crl_check", "-CRLfile", path(crl)] }
        return try TestEnvironment.run(openssl, arguments + [path(ds + ".pem")]).status == 0
    }
}

/// Just enough DER to write an LDS security object and a master list.
enum DER {
    static func element(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        let count = content.count
        let length: [UInt8] = count < 0x80 ? [UInt8(count)] : count < 0x100 ? [0x81, UInt8(count)] : [0x82, UInt8(count >> 8), UInt8(count & 0xFF)]
        return [tag] + length + content
    }
    static func sequence(_ content: [UInt8]) -> [UInt8] { element(0x30, content) }
    static func integer(_ value: Int) -> [UInt8] { element(0x02, value < 0x80 ? [UInt8(value)] : [UInt8(value >> 8), UInt8(value & 0xFF)]) }
}

@Suite("Passive authentication on a generated PKI", .offPool)
struct GeneratedPKITests {
    static var ready: Bool { TestEnvironment.hasTool("/usr/bin/openssl") }

    static func dataGroups() -> [[UInt8]] {
        let mrz = MRZWriter.lines(
            .init(
                format: .td3, documentCode: "P", issuingState: "UTO", surname: "ERIKSSON", givenNames: "ANNA MARIA",
                documentNumber: "L898902C3", nationality: "UTO", birthDate: "740812", sex: "F", expiryDate: "340415",
                optionalData: "ZE184226B")
        ).joined()
        let dg1 = DER.element(0x61, [0x5F, 0x1F, UInt8(mrz.utf8.count)] + Array(mrz.utf8))
        let dg11 = DER.element(0x6B, [0x5C, 0x02, 0x5F, 0x0E] + [0x5F, 0x0E, 0x12] + Array("ERIKSSON<<ANNA<MAR".utf8))
        return [dg1, dg11]
    }

    static func check(_ result: PassiveAuthentication.Result, _ name: String) -> PassiveAuthentication.Check? {
        result.checks.first { $0.name == name }
    }

    @Test(
        "RSA-PSS and Brainpool (explicit parameters) CSCAs, a link certificate, a revoked DS, an unknown CSCA, a master list: each verdict as openssl's",
        .enabled(if: Self.ready))
    func generatedPKI() throws {
        let pki = try TestPKI()
        let groups = Self.dataGroups()
        #expect(try LDS.mrz(groups[0], today: ISO8601.parse("2026-11-30")!).valid, "the generated DG1 holds a valid MRZ")

        // Utopia: RSA CSCA signing with RSA-PSS; its DS signs SODs with RSA-PSS.
        try pki.rsaKey("cscaA")
        try pki.csca("cscaA", subject: "/C=UT/O=Utopia/CN=CSCA Utopia", pss: true)
        try pki.rsaKey("dsA")
        try pki.issue("dsA", subject: "/C=UT/O=Utopia/CN=DS Utopia 1", by: "cscaA", extensions: "ds.ext", pss: true)
        let trustA = TrustStore()
        try trustA.add(try pki.pem("cscaA"))
        let pss = PassiveAuthentication.verify(sod: try pki.sod(groups, signer: "dsA", pss: true), dataGroups: groups, trust: trustA)
        #expect(pss.valid, "\(pss.checks)")
        #expect(pss.signatureAlgorithm == "rsassaPss" && Self.check(pss, "ds.chain")?.detail.contains("CSCA Utopia") == true)
        #expect(try pki.opensslChains("dsA", anchors: "cscaA.pem"))
        let text = try pki.run(["x509", "-in", pki.path("cscaA.pem"), "-noout", "-text"])
        #expect(text.contains("rsassaPss"), "the CSCA itself is signed with RSA-PSS")

        // Brainpool with explicit curve parameters (as most EC CSCAs are), ECDSA signatures.
        try pki.brainpoolKey("cscaB", explicit: true)
        try pki.csca("cscaB", subject: "/C=UT/O=Utopia/CN=CSCA Utopia EC", pss: false)
        try pki.brainpoolKey("dsB", explicit: false)
        try pki.issue("dsB", subject: "/C=UT/O=Utopia/CN=DS Utopia EC", by: "cscaB", extensions: "ds.ext", pss: false)
        #expect(try pki.run(["x509", "-in", pki.path("cscaB.pem"), "-noout", "-text"]).contains("Field Type: prime-field"), "explicit parameters")
        let trustB = TrustStore()
        try trustB.add(try pki.der("cscaB"))
        let brainpool = PassiveAuthentication.verify(sod: try pki.sod(groups, signer: "dsB", pss: false), dataGroups: groups, trust: trustB)
        #expect(brainpool.valid && brainpool.signer?.publicKey.hasPrefix("EC") == true, "\(brainpool.checks)")
        // openssl verify's one objection is the explicit parameters (error 94), which ePassport
        // PKIs use and Portunus accepts on purpose.
        let objection = try TestEnvironment.run(pki.openssl, ["verify", "-CAfile", pki.path("cscaB.pem"), pki.path("dsB.pem")]).output
        #expect(
            objection.contains("error 94 at 1 depth lookup: Certificate public key has explicit ECC parameters")
                && objection.components(separatedBy: "error ").count == 3, "\(objection)")

        // A key change: the new CSCA key (same name) is bridged from the old one by a link certificate.
        try pki.rsaKey("cscaA2")
        // The link certificate: the new key, the same name, signed with the old key.
        try pki.run([
            "req", "-config", pki.path("req.cnf"), "-new", "-key", pki.path("cscaA2.key"), "-subj", "/C=UT/O=Utopia/CN=CSCA Utopia", "-out",
            pki.path("cscaA2.csr"),
        ])
        try pki.run(
            [
                "x509", "-req", "-in", pki.path("cscaA2.csr"), "-CA", pki.path("cscaA.pem"), "-CAkey", pki.path("cscaA.key"), "-set_serial", "99",
                "-days", "3650", "-sha256", "-extfile", pki.path("ca.ext"), "-out", pki.path("linkA2.pem"),
            ] + TestPKI.pss)
        // The new CSCA's own self-signed certificate, which signs the new DS.
        try pki.run([
            "x509", "-req", "-in", pki.path("cscaA2.csr"), "-signkey", pki.path("cscaA2.key"), "-days", "3650", "-sha256",
            "-extfile", pki.path("ca.ext"), "-out", pki.path("cscaA2.pem"),
        ])
        try pki.rsaKey("dsA2")
        try pki.issue("dsA2", subject: "/C=UT/O=Utopia/CN=DS Utopia 2", by: "cscaA2", extensions: "ds.ext", pss: true)
        let trustLink = TrustStore()
        try trustLink.add(try pki.pem("cscaA"))
        try trustLink.add(try pki.pem("linkA2"))
        #expect(trustLink.profile() == (selfSigned: 1, linked: 1, unverified: 0))
        let linked = PassiveAuthentication.verify(sod: try pki.sod(groups, signer: "dsA2", pss: true), dataGroups: groups, trust: trustLink)
        #expect(linked.valid && Self.check(linked, "ds.chain")?.detail.contains("3 certificates") == true, "\(linked.checks)")
        #expect(try pki.opensslChains("dsA2", anchors: "cscaA.pem", untrusted: "linkA2.pem"))
        let withoutLink = PassiveAuthentication.verify(sod: try pki.sod(groups, signer: "dsA2", pss: true), dataGroups: groups, trust: trustA)
        #expect(Self.check(withoutLink, "ds.chain")?.passed == false)
        #expect(try !pki.opensslChains("dsA2", anchors: "cscaA.pem"))

        // Revocation: the CSCA's CRL revokes one DS; another DS of the same CSCA still passes.
        try pki.write(
            "ca.cnf",
            "[ca]\ndefault_ca = CA\n[CA]\ndatabase = \(pki.path("index.txt"))\ncrlnumber = \(pki.path("crlnumber"))\ndefault_md = sha256\ndefault_crl_days = 30\n"
        )
        try pki.write("index.txt", "")
        try pki.write("crlnumber", "01\n")
        try pki.rsaKey("dsA3")
        try pki.issue("dsA3", subject: "/C=UT/O=Utopia/CN=DS Utopia 3", by: "cscaA", extensions: "ds.ext", pss: true)
        try pki.run([
            "ca", "-config", pki.path("ca.cnf"), "-keyfile", pki.path("cscaA.key"), "-cert", pki.path("cscaA.pem"), "-revoke", pki.path("dsA.pem"),
        ])
        try pki.run([
            "ca", "-config", pki.path("ca.cnf"), "-keyfile", pki.path("cscaA.key"), "-cert", pki.path("cscaA.pem"), "-gencrl", "-out",
            pki.path("crlA.pem"),
        ])
        let trustCRL = TrustStore()
        try trustCRL.add(try pki.pem("cscaA"))
        try trustCRL.addCRL(Array(try Data(contentsOf: URL(fileURLWithPath: pki.path("crlA.pem")))))
        let revoked = PassiveAuthentication.verify(sod: try pki.sod(groups, signer: "dsA", pss: true), dataGroups: groups, trust: trustCRL)
        #expect(!revoked.valid && Self.check(revoked, "ds.chain")?.detail == "the Document Signer certificate is revoked", "\(revoked.checks)")
        #expect(Self.check(revoked, "sod.signature")?.passed == true, "the signature itself is fine")
        #expect(try !pki.opensslChains("dsA", anchors: "cscaA.pem", crl: "crlA.pem"))
        let current = PassiveAuthentication.verify(sod: try pki.sod(groups, signer: "dsA3", pss: true), dataGroups: groups, trust: trustCRL)
        #expect(current.valid && Self.check(current, "ds.chain")?.detail.contains("not revoked") == true, "\(current.checks)")
        #expect(try pki.opensslChains("dsA3", anchors: "cscaA.pem", crl: "crlA.pem"))

        // A DS of a CSCA nobody trusts.
        try pki.rsaKey("cscaX")
        try pki.csca("cscaX", subject: "/C=XX/O=Nowhere/CN=CSCA Nowhere", pss: false)
        try pki.rsaKey("dsX")
        try pki.issue("dsX", subject: "/C=XX/O=Nowhere/CN=DS Nowhere", by: "cscaX", extensions: "ds.ext", pss: false)
        let both = TrustStore()
        try both.add(try pki.pem("cscaA"))
        try both.add(try pki.pem("cscaB"))
        let unknown = PassiveAuthentication.verify(sod: try pki.sod(groups, signer: "dsX", pss: false), dataGroups: groups, trust: both)
        #expect(!unknown.valid && Self.check(unknown, "ds.chain")?.passed == false && Self.check(unknown, "sod.signature")?.passed == true)
        #expect(try !pki.opensslChains("dsX", anchors: "cscaA.pem"))

        // An ICAO master list (CMS, id-icao-cscaMasterList) carrying both CSCAs.
        let list = DER.sequence(DER.integer(0) + DER.element(0x31, try pki.der("cscaA") + pki.der("cscaB")))
        try Data(list).write(to: URL(fileURLWithPath: pki.path("ml.der")))
        try pki.run([
            "cms", "-sign", "-binary", "-nodetach", "-outform", "DER", "-econtent_type", "2.23.136.1.1.2", "-in", pki.path("ml.der"),
            "-signer", pki.path("cscaA.pem"), "-inkey", pki.path("cscaA.key"), "-nosmimecap", "-out", pki.path("masterlist.ml"),
        ])
        let fromList = TrustStore()
        #expect(try fromList.add(Array(try Data(contentsOf: URL(fileURLWithPath: pki.path("masterlist.ml"))))) == 2)
        #expect(PassiveAuthentication.verify(sod: try pki.sod(groups, signer: "dsB", pss: false), dataGroups: groups, trust: fromList).valid)
    }
}
