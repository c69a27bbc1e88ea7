import Foundation
import PortunusTestSupport
import Testing

@testable import IdentityDocuments
@testable import PortunusCore

@Suite("ePassport chip data and passive authentication", .offPool)
struct PassiveAuthenticationTests {
    static func file(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: TestEnvironment.dataset("icao9303/pa/" + path))) }

    static func check(_ result: PassiveAuthentication.Result, _ name: String) -> Bool? { result.checks.first { $0.name == name }?.passed }

    /// The openssl command's verdict on a SOD's signature and content digest (the chain is
    /// not checked: `-noverify`).
    static func opensslVerifies(_ sod: [UInt8]) throws -> Bool {
        let outer = try TLVReader.read(sod, at: 0, file: "EF.SOD")
        let directory = TestEnvironment.temporaryDirectory("pa-openssl")
        defer { TestEnvironment.cleanUp(directory) }
        let input = directory.appendingPathComponent("sod.der")
        try Data(sod[outer.value]).write(to: input)
        let result = try TestEnvironment.run(
            URL(fileURLWithPath: "/usr/bin/openssl"),
            ["cms", "-verify", "-noverify", "-binary", "-inform", "DER", "-in", input.path, "-out", "/dev/null"])
        return result.status == 0
    }

    static var hasOpenSSL: Bool { TestEnvironment.hasTool("/usr/bin/openssl") }

    @Test(
        "both sample sets: SOD signature (RSA-PSS) and every data-group hash hold, cross-checked with the openssl command; no CSCA, so not valid",
        .enabled(if: TestEnvironment.hasDatasets("icao9303/pa/MANIFEST.json") && Self.hasOpenSSL))
    func sampleSets() throws {
        let bsi = PassiveAuthentication.verify(
            sod: try Self.file("bsi_tr03105_5_refset/EF_SOD.bin"),
            dataGroups: [try Self.file("bsi_tr03105_5_refset/EF_DG1.bin"), try Self.file("bsi_tr03105_5_refset/EF_DG14.bin")])
        #expect(Self.check(bsi, "sod.signature") == true && Self.check(bsi, "sod.content_digest") == true, "\(bsi.checks)")
        #expect(Self.check(bsi, "dg1.hash") == true && Self.check(bsi, "dg14.hash") == true)
        #expect(Self.check(bsi, "ds.chain") == false && !bsi.valid, "fails closed without a CSCA")
        #expect(bsi.signer?.subject.contains("CN=HJP PB DS") == true && bsi.signer?.serial == "0142FD5CF927" && bsi.signer?.source == "EF.SOD")
        #expect(bsi.signatureAlgorithm == "rsassaPss" && bsi.digestAlgorithm == "sha256" && bsi.dataGroupHashes["1"]?.hasPrefix("4170CA87") == true)
        #expect(
            bsi.checks.first { $0.name == "ds.validity" }?.detail.contains("expired") == true,
            "an expired DS is reported, not held against the document")
        #expect(try Self.opensslVerifies(try Self.file("bsi_tr03105_5_refset/EF_SOD.bin")))

        let etsiGroups = try ["EF_DG1.bin", "EF_DG14.bin", "EF_DG15.bin"].map { try Self.file("etsi_tr103200_eacaa/" + $0) }
        let etsi = PassiveAuthentication.verify(sod: try Self.file("etsi_tr103200_eacaa/EF_SOD.bin"), dataGroups: etsiGroups)
        #expect(
            ["sod.signature", "sod.content_digest", "dg1.hash", "dg14.hash", "dg15.hash"].allSatisfy { Self.check(etsi, $0) == true },
            "\(etsi.checks)")
        #expect(try Self.opensslVerifies(try Self.file("etsi_tr103200_eacaa/EF_SOD.bin")))
        // With the DS given as a trust anchor's stand-in nothing changes: the DS is no CSCA.
        let ds = try #require(Certificate(der: try Self.file("etsi_tr103200_eacaa/DSC_ETSI_DS_0130846f2b3e.cer")))
        #expect(ds.subject.contains("CN=ETSI DS") && ds.issuer.contains("CN=ETSI CS") && !ds.selfIssued)

        // The chip's data groups read.
        let mrz = try LDS.mrz(etsiGroups[0], today: ISO8601.parse("2026-11-30")!)
        #expect(mrz.format == .td3 && mrz.issuingState == "D" && mrz.surname == "MUSTERMANN" && mrz.valid)
        let key = try LDS.publicKey(etsiGroups[2])
        #expect(key.algorithm == "RSA" && key.bits >= 1024)
        #expect(try !LDS.securityInfos(etsiGroups[1]).isEmpty)
    }

    @Test(
        "every negative variant fails for its own reason",
        .enabled(if: TestEnvironment.hasDatasets("icao9303/pa/MANIFEST.json") && Self.hasOpenSSL))
    func negatives() throws {
        let groups = try ["EF_DG1.bin", "EF_DG14.bin", "EF_DG15.bin"].map { try Self.file("etsi_tr103200_eacaa/" + $0) }
        let sod = try Self.file("etsi_tr103200_eacaa/EF_SOD.bin")

        let dg1Hash = PassiveAuthentication.verify(sod: try Self.file("negative/etsi_EF_SOD_dg1_hash_modified.bin"), dataGroups: groups)
        #expect(
            Self.check(dg1Hash, "sod.content_digest") == false && Self.check(dg1Hash, "dg1.hash") == false && Self.check(dg1Hash, "dg14.hash") == true
        )
        #expect(try !Self.opensslVerifies(try Self.file("negative/etsi_EF_SOD_dg1_hash_modified.bin")))

        let dg14Hash = PassiveAuthentication.verify(sod: try Self.file("negative/etsi_EF_SOD_dg14_hash_modified.bin"), dataGroups: groups)
        #expect(
            Self.check(dg14Hash, "sod.content_digest") == false && Self.check(dg14Hash, "dg14.hash") == false
                && Self.check(dg14Hash, "dg1.hash") == true)

        let signature = PassiveAuthentication.verify(sod: try Self.file("negative/etsi_EF_SOD_signature_last_byte_modified.bin"), dataGroups: groups)
        #expect(Self.check(signature, "sod.signature") == false && Self.check(signature, "sod.content_digest") == true)
        #expect(Self.check(signature, "dg1.hash") == true && !signature.valid, "the hashes still match; the signature does not")
        #expect(try !Self.opensslVerifies(try Self.file("negative/etsi_EF_SOD_signature_last_byte_modified.bin")))

        let country = try Self.file("negative/etsi_EF_DG1_country_modified_D_to_SU.bin")
        let tampered = PassiveAuthentication.verify(sod: sod, dataGroups: [country, groups[1], groups[2]])
        #expect(Self.check(tampered, "sod.signature") == true && Self.check(tampered, "dg1.hash") == false)
        let tamperedMRZ = try LDS.mrz(country, today: ISO8601.parse("2026-11-30")!)
        #expect(
            tamperedMRZ.checks.values.allSatisfy(\.valid) && tamperedMRZ.issuingState == "SU", "the MRZ's check digits do not see it; the SOD does")

        let exponent = PassiveAuthentication.verify(
            sod: sod, dataGroups: [groups[0], groups[1], try Self.file("negative/etsi_EF_DG15_exponent_modified.bin")])
        #expect(Self.check(exponent, "dg15.hash") == false && Self.check(exponent, "dg1.hash") == true)

        let unlisted = PassiveAuthentication.verify(
            sod: try Self.file("bsi_tr03105_5_refset/EF_SOD.bin"), dataGroups: [try Self.file("negative/bsi_EF_DG15_not_listed_in_sod.bin")])
        let detail = try #require(unlisted.checks.first { $0.name == "dg15.hash" })
        #expect(!detail.passed && detail.detail.contains("not covered by the SOD"))

        let garbage = PassiveAuthentication.verify(sod: [0x77, 0x03, 0x30, 0x01, 0x00], dataGroups: [])
        #expect(Self.check(garbage, "sod.format") == false && !garbage.valid)
    }

    @Test(
        "the 720-certificate CSCA bundle loads; self-signed roots and link certificates verify",
        .enabled(if: TestEnvironment.hasDatasets("icao9303/csca/nfcpassportreader_masterList.pem")))
    func cscaBundle() throws {
        let store = TrustStore()
        let added = try store.add(Array(try Data(contentsOf: TestEnvironment.dataset("icao9303/csca/nfcpassportreader_masterList.pem"))))
        #expect(added == 720)
        let profile = store.profile()
        print(
            "CSCA bundle: \(added) certificates, \(profile.selfSigned) self-signed and verifying, \(profile.linked) linked and verifying, \(profile.unverified) neither"
        )
        #expect(profile.selfSigned + profile.linked + profile.unverified == 720)
        // Link certificates often keep their CSCA's name: "self-issued" is not "self-signed".
        #expect(profile.selfSigned >= 450 && profile.linked >= 200 && profile.unverified <= 10)
    }
}

@Suite("ePassport data groups", .offPool)
struct DataGroupTests {
    @Test("EF.COM, DG2 face headers (ISO/IEC 19794-5 and 39794-5), DG11 details; truncated files are refused with the byte offset")
    func dataGroups() throws {
        // EF.COM: LDS 1.7, Unicode 4.0.0, DG1, DG2, DG11, DG14, DG15.
        let common = try LDS.common([
            0x60, 0x17, 0x5F, 0x01, 0x04, 0x30, 0x31, 0x30, 0x37, 0x5F, 0x36, 0x06, 0x30, 0x34, 0x30, 0x30, 0x30, 0x30,
            0x5C, 0x05, 0x61, 0x75, 0x6B, 0x6E, 0x6F,
        ])
        #expect(common.ldsVersion == "0107" && common.unicodeVersion == "040000" && common.dataGroups == [1, 2, 11, 14, 15])

        // DG2 with one 19794-5 record: 'FAC\0', version, lengths, one image; a 640 × 480 JPEG of 1,000 bytes.
        var record: [UInt8] = Array("FAC\u{0}010\u{0}".utf8) + [0, 0, 0, 0] + [0, 1]
        record += [0, 0, 0, 0] + [0, 0] + [1, 0, 0] + [0, 0, 0] + [0, 0] + [0, 0, 0, 0, 0, 0]  // facial record header, no feature points
        record += [1, 0, 0x02, 0x80, 0x01, 0xE0, 1, 0, 0, 0, 0, 0]  // image information: JPEG 640 × 480
        record += [UInt8](repeating: 0xAB, count: 1000)
        let block: [UInt8] = [0x5F, 0x2E, 0x82, UInt8(record.count >> 8), UInt8(record.count & 0xFF)] + record
        let header: [UInt8] = [0xA1, 0x03, 0x80, 0x01, 0x01]
        let instance = [0x7F, 0x60, 0x82, UInt8((header.count + block.count) >> 8), UInt8((header.count + block.count) & 0xFF)] + header + block
        let group = [0x7F, 0x61, 0x82, UInt8((instance.count + 3) >> 8), UInt8((instance.count + 3) & 0xFF), 0x02, 0x01, 0x01] + instance
        let dg2 = [0x75, 0x82, UInt8(group.count >> 8), UInt8(group.count & 0xFF)] + group
        let faces = try LDS.faces(dg2)
        #expect(faces == [LDS.Face(standard: "ISO/IEC 19794-5", imageFormat: "JPEG", width: 640, height: 480, imageBytes: 1000)])
        #expect(LDS.dataGroupNumber(dg2) == 2)
        #expect(try LDS.faces([0x75, 0x06, 0x7F, 0x61, 0x03, 0x7F, 0x2E, 0x00]).first?.standard == "ISO/IEC 39794-5")

        let dg11 = try LDS.details([0x6B, 0x13, 0x5C, 0x02, 0x5F, 0x0E, 0x5F, 0x0E, 0x0C] + Array("ERIKSSON<<AN".utf8), file: "DG11")
        #expect(dg11 == ["5F0E": "ERIKSSON<<AN"])

        do {
            _ = try LDS.faces(Array(dg2.prefix(40)))
            Issue.record("a truncated DG2 was read")
        } catch {
            #expect(error.code == .invalidChipData && error.location?.byteOffset != nil && error.reason.contains("DG2"))
        }
    }
}
