import Foundation
import PortunusCore
import PortunusTestSupport
import Testing

@testable import Ledger

/// The C2SP / RFC 6962 vectors in `../shared/data/tlog/`, every one of them.
enum Vectors {
    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: TestEnvironment.dataset("tlog/" + name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func hex(_ text: String) -> Data { Data(Hex.decode(text)!) }

    /// A JSON number as UInt64 (some vectors carry sizes beyond Int.max).
    static func u64(_ value: Any?) -> UInt64 { (value as! NSNumber).uint64Value }

    static let available = TestEnvironment.hasDatasets(
        "tlog/rfc6962-hashes.json", "tlog/inclusion-proofs.json", "tlog/consistency-proofs.json", "tlog/signed-note.json",
        "tlog/tiles.json", "tlog/cosignature-v1.json")
}

@Suite("C2SP and RFC 6962 vectors", .enabled(if: Vectors.available), .offPool)
struct VectorTests {
    @Test("leaf and node hashes, every complete subtree, and the roots of sizes 0 to 8")
    func hashes() throws {
        let vectors = try Vectors.json("rfc6962-hashes.json")
        #expect(Merkle.emptyRoot.hex == vectors["empty_root_hex"] as? String)
        let leaves = (vectors["leaf_inputs_hex"] as! [String]).map { Merkle.leafHash(Vectors.hex($0)) }
        let byLevel = vectors["node_hashes_hex_by_level"] as! [[String]]
        for (level, hashes) in byLevel.enumerated() {
            for (index, hex) in hashes.enumerated() {
                #expect(try LeafList(leaves).subtreeHash(level: level, index: index).hex == hex, "level \(level) index \(index)")
            }
        }
        let roots = vectors["root_hashes_hex_by_tree_size"] as! [String]
        for (size, hex) in roots.enumerated() {
            #expect(Merkle.root(leaves.prefix(size)[...]).hex == hex, "size \(size)")
            #expect(try MerkleProof.root(size: UInt64(size), LeafList(leaves)).hex == hex)
        }
        for vector in vectors["hasher_vectors"] as! [[String: Any]] {
            let want = vector["want_hex"] as! String
            let desc = vector["desc"] as! String
            if let leaf = vector["leaf_input_hex"] as? String {
                #expect(Merkle.leafHash(Vectors.hex(leaf)).hex == want, "\(desc)")
            } else if let leaf = vector["leaf_input_ascii"] as? String {
                #expect(Merkle.leafHash(Data(leaf.utf8)).hex == want, "\(desc)")
            } else if let left = vector["left_ascii"] as? String, let right = vector["right_ascii"] as? String {
                #expect(Merkle.nodeHash(bytes: Data(left.utf8), Data(right.utf8)).hex == want, "\(desc)")
            } else {
                #expect(Merkle.emptyRoot.hex == want, "\(desc)")
            }
        }
    }

    /// Hashes as the vectors give them: anything not 32 bytes cannot be a hash, and a case
    /// carrying one is refused before any arithmetic (C2SP: hashes are SHA-256 outputs).
    func hash(_ value: Any?) -> TreeHash? { (value as? String).flatMap { TreeHash(base64: $0) } }

    @Test("98 inclusion cases: the 6 valid verify, the 92 invalid fail")
    func inclusion() throws {
        let cases = try Vectors.json("inclusion-proofs.json")["cases"] as! [[String: Any]]
        #expect(cases.count == 98)
        for vector in cases {
            let id = vector["id"] as! String
            let path = (vector["proof"] as! [String]).map { TreeHash(base64: $0) }
            var failed = false
            if let leaf = hash(vector["leafHash"]), let root = hash(vector["root"]), path.allSatisfy({ $0 != nil }) {
                do {
                    try MerkleProof.verifyInclusion(
                        leaf: leaf, index: Vectors.u64(vector["leafIdx"]), size: Vectors.u64(vector["treeSize"]),
                        path: path.map { $0! }, root: root)
                } catch { failed = true }
            } else {
                failed = true
            }
            #expect(failed == (vector["wantErr"] as! Bool), "\(id)")
        }
    }

    @Test("98 consistency cases: the 6 valid verify, the invalid fail (one deliberate difference, explained)")
    func consistency() throws {
        let cases = try Vectors.json("consistency-proofs.json")["cases"] as! [[String: Any]]
        #expect(cases.count == 98)
        for vector in cases {
            let id = vector["id"] as! String
            var wantError = vector["wantErr"] as! Bool
            // transparency-dev/merkle accepts equal sizes with "roots" that are not hashes (it
            // only compares them). We refuse anything that is not 32 bytes, as C2SP defines
            // hashes, so this one case fails here by choice.
            if id == "consistency/additional/sizes-are-equal-one-and-proof-is-empty" { wantError = true }
            let proof = (vector["proof"] as! [String]).map { TreeHash(base64: $0) }
            var failed = false
            if let first = hash(vector["root1"]), let second = hash(vector["root2"]), proof.allSatisfy({ $0 != nil }) {
                do {
                    try MerkleProof.verifyConsistency(
                        first: Vectors.u64(vector["size1"]), second: Vectors.u64(vector["size2"]),
                        firstRoot: first, secondRoot: second, proof: proof.map { $0! })
                } catch { failed = true }
            } else {
                failed = true
            }
            #expect(failed == wantError, "\(id)")
        }
    }

    @Test("proofs generated over the 8 vector leaves verify, for every index and every pair of sizes")
    func generatedProofs() throws {
        let vectors = try Vectors.json("rfc6962-hashes.json")
        let leaves = (vectors["leaf_inputs_hex"] as! [String]).map { Merkle.leafHash(Vectors.hex($0)) }
        let source = LeafList(leaves)
        for size in 1...8 {
            let root = Merkle.root(leaves.prefix(size)[...])
            for index in 0..<size {
                let path = try MerkleProof.inclusion(index: UInt64(index), size: UInt64(size), source)
                #expect(path.count == MerkleProof.expectedInclusionLength(index: UInt64(index), size: UInt64(size)))
                try MerkleProof.verifyInclusion(leaf: leaves[index], index: UInt64(index), size: UInt64(size), path: path, root: root)
            }
            for first in 1...size {
                let proof = try MerkleProof.consistency(from: UInt64(first), to: UInt64(size), source)
                try MerkleProof.verifyConsistency(
                    first: UInt64(first), second: UInt64(size), firstRoot: Merkle.root(leaves.prefix(first)[...]),
                    secondRoot: root, proof: proof)
            }
        }
        // The vectors' valid proofs are exactly the ones we generate.
        for vector in try Vectors.json("inclusion-proofs.json")["cases"] as! [[String: Any]] where !(vector["wantErr"] as! Bool) {
            let path = try MerkleProof.inclusion(index: Vectors.u64(vector["leafIdx"]), size: Vectors.u64(vector["treeSize"]), source)
            #expect(path.map(\.base64) == vector["proof"] as! [String], "\(vector["id"]!)")
        }
        for vector in try Vectors.json("consistency-proofs.json")["cases"] as! [[String: Any]] where !(vector["wantErr"] as! Bool) {
            let size1 = Vectors.u64(vector["size1"])
            let size2 = Vectors.u64(vector["size2"])
            guard size1 > 0, hash(vector["root1"]) != nil else { continue }
            #expect(try MerkleProof.consistency(from: size1, to: size2, source).map(\.base64) == vector["proof"] as! [String], "\(vector["id"]!)")
        }
    }

    @Test("signed notes: valid ones open with the expected signatures, invalid ones fail, bad verifier keys are refused")
    func signedNotes() throws {
        let vectors = try Vectors.json("signed-note.json")
        for vector in vectors["valid_notes"] as! [[String: Any]] {
            let desc = vector["desc"] as! String
            let keys = try (vector["verify_with"] as! [String]).map { try NoteVerifierKey(vkey: $0) }
            let opened = try SignedNote.parse(vector["signed_note"] as! String).open(with: keys)
            #expect(opened.verified.map(\.name) == vector["expect_verified"] as! [String], "\(desc)")
            if let unverified = vector["expect_unverified"] as? [String] { #expect(opened.unverified.map(\.name) == unverified, "\(desc)") }
            #expect(opened.text == vector["text"] as? String ?? opened.text)
        }
        for vector in vectors["invalid_notes"] as! [[String: Any]] {
            let desc = vector["desc"] as! String
            var note: Data
            if let text = vector["signed_note"] as? String {
                note = Data(text.utf8)
            } else if let after = vector["signed_note_after_byte"] as? String {
                note = Vectors.hex(vector["prefix_byte_hex"] as! String) + Data(after.utf8)
            } else {
                // 101 copies of Peter's valid signature line.
                let valid = (vectors["valid_notes"] as! [[String: Any]])[0]
                let signed = valid["signed_note"] as! String
                let text = valid["text"] as! String
                let line = String(signed.dropFirst(text.count + 1))
                note = Data((text + "\n" + String(repeating: line, count: 101)).utf8)
            }
            let keys = try ((vector["verify_with"] as? [String]) ?? ["PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"])
                .map { try NoteVerifierKey(vkey: $0) }
            #expect(throws: LedgerError.self, "\(desc)") { try SignedNote.parse(note).open(with: keys) }
        }
        for vector in vectors["invalid_vkeys"] as! [[String: Any]] {
            if let vkey = vector["vkey"] as? String {
                #expect(throws: LedgerError.self, "\(vector["why"]!)") { try NoteVerifierKey(vkey: vkey) }
            }
        }
        // Every proper substring and every single-byte increment of a valid vkey is refused.
        let valid = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
        let characters = Array(valid.utf8)
        for start in 0..<characters.count {
            for end in (start + 1)...characters.count where !(start == 0 && end == characters.count) {
                let substring = String(decoding: characters[start..<end], as: UTF8.self)
                #expect(throws: LedgerError.self, "substring \(substring)") { try NoteVerifierKey(vkey: substring) }
            }
        }
        for index in characters.indices {
            var changed = characters
            changed[index] &+= 1
            #expect(throws: LedgerError.self, "increment at \(index)") { try NoteVerifierKey(vkey: String(decoding: changed, as: UTF8.self)) }
        }
    }

    @Test("signing reproduces the published signatures byte for byte (Ed25519 is deterministic)")
    func signing() throws {
        let vectors = try Vectors.json("signed-note.json")
        let peter = (vectors["keys"] as! [[String: Any]]).first { $0["name"] as? String == "PeterNeumann" }!
        let signer = try NoteSigner(skey: peter["skey"] as! String)
        #expect(signer.verifierKey.vkey == peter["vkey"] as? String)
        #expect(signer.skey == peter["skey"] as? String)
        let valid = (vectors["valid_notes"] as! [[String: Any]])[0]
        let text = valid["text"] as! String
        #expect(SignedNote(text: text, signatures: [try signer.sign(text)]).formatted == valid["signed_note"] as? String)
        for pair in vectors["test_only_keypairs"] as! [[String: Any]] {
            let signer = try NoteSigner(skey: pair["skey"] as! String)
            #expect(signer.verifierKey.vkey == pair["vkey"] as? String)
        }
    }

    @Test("the genuine sum.golang.org tree note verifies, and its altered variants do not")
    func realWorldNote() throws {
        let note = (try Vectors.json("signed-note.json")["real_world_notes"] as! [[String: Any]])[0]
        let key = try NoteVerifierKey(vkey: note["vkey"] as! String)
        let text = note["signed_note"] as! String
        let opened = try SignedNote.parse(text).open(with: [key])
        #expect(opened.text.hasPrefix("go.sum database tree\n65664258\n"))
        let altered = [text.replacingOccurrences(of: "65664258", with: "65664259"), text.replacingOccurrences(of: "WVVN", with: "WVVM")]
        for variant in altered { #expect(throws: LedgerError.self) { try SignedNote.parse(variant).open(with: [key]) } }
        let wrongID = (note["vkey"] as! String).replacingOccurrences(of: "033de0ae", with: "033de0af")
        #expect(throws: LedgerError.self) { try NoteVerifierKey(vkey: wrongID) }
    }

    @Test("checkpoints parse as C2SP writes them, including the spec's examples")
    func checkpoints() throws {
        let vectors = try Vectors.json("signed-note.json")
        for example in vectors["checkpoint_examples"] as! [[String: Any]] {
            let note = try SignedNote.parse(example["signed_note"] as! String)
            guard let origin = example["origin"] as? String else { continue }
            let checkpoint = try Checkpoint(text: note.text)
            #expect(checkpoint.origin == origin)
            #expect(checkpoint.size == Vectors.u64(example["tree_size"]))
            #expect(checkpoint.root.base64 == example["root_hash_b64"] as? String)
            #expect(checkpoint.text == note.text)
        }
        for bad in [
            "o\n01\n\(Merkle.emptyRoot.base64)\n", "o\n1\nAAAA\n", "o\n1\n", "\n1\n\(Merkle.emptyRoot.base64)\n",
            "o\n1\n\(Merkle.emptyRoot.base64)\n\n", "o\n-1\n\(Merkle.emptyRoot.base64)\n", "o\n1\n\(Merkle.emptyRoot.base64)",
        ] {
            #expect(throws: LedgerError.self, "\(bad.debugDescription)") { try Checkpoint(text: bad) }
        }
    }

    @Test("tile paths: the spec's examples, the derived tile sets, and only canonical paths parse")
    func tilePaths() throws {
        let vectors = try Vectors.json("tiles.json")
        for example in vectors["c2sp_examples"] as! [[String: Any]] {
            if let index = example["index"] as? Int, let encoded = example["encoded_N"] as? String {
                #expect(TilePath.encode(index: UInt64(index)) == encoded)
            }
        }
        for set in vectors["derived_tile_sets"] as! [[String: Any]] {
            let size = Vectors.u64(set["tree_size"])
            let layout = TilePath.tiles(forSize: size)
            let tiles = set["tiles"] as! [[String: Any]]
            for tile in tiles {
                let level = tile["level"] as! Int
                #expect(level < layout.count, "size \(size) level \(level)")
                guard level < layout.count else { continue }
                if let width = tile["partial_width"] as? Int {
                    #expect(layout[level].partialWidth == width, "size \(size) level \(level)")
                    if let path = tile["partial_path"] as? String {
                        #expect(TilePath(level: level, index: layout[level].full, width: width).description == path)
                        #expect(TilePath(path) == TilePath(level: level, index: layout[level].full, width: width))
                    }
                }
                if let full = tile["full_tiles"] as? Int ?? tile["full"] as? Int {
                    #expect(layout[level].full == UInt64(full), "size \(size) level \(level)")
                }
            }
            #expect(layout.count == Set(tiles.map { $0["level"] as! Int }).count, "size \(size): levels")
            if let bundles = set["entry_bundles"] as? [String: Any] {
                #expect(UInt64(bundles["full"] as! Int) == size / 256)
                if let path = bundles["partial_path"] as? String {
                    #expect(TilePath(level: nil, index: size / 256, width: Int(size % 256)).description == path)
                }
            }
        }
        #expect(TilePath("tile/0/x001/x234/067") == TilePath(level: 0, index: 1_234_067))
        #expect(TilePath("tile/entries/x001/234.p/17") == TilePath(level: nil, index: 1234, width: 17))
        for bad in [
            "tile/0/1", "tile/0/x000/001", "tile/00/000", "tile/64/000", "tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/07",
            "tile/0/001/002", "tile/0/../000", "tile/x/000", "tile/0/x001", "file/0/000", "tile/0/000/",
        ] {
            #expect(TilePath(bad) == nil, "\(bad)")
        }
    }

    @Test("cosignature/v1: the derived vectors verify, and a checkpoint needs the log's own signature")
    func cosignatures() throws {
        let vectors = try Vectors.json("cosignature-v1.json")
        let log = vectors["log"] as! [String: Any]
        let logKey = try NoteVerifierKey(vkey: log["vkey"] as! String)
        let witnesses = vectors["witnesses"] as! [[String: Any]]
        let witnessKeys = try witnesses.map { try NoteVerifierKey(vkey: $0["vkey"] as! String) }
        let note = Data((vectors["cosigned_checkpoint"] as! String).utf8)
        let (checkpoint, all) = try Checkpoint.open(note, logKey: logKey, otherKeys: witnessKeys)
        #expect(checkpoint.size == 8)
        #expect(all.verified.count == 3)
        let (_, logOnly) = try Checkpoint.open(note, logKey: logKey)
        #expect(logOnly.verified.count == 1 && logOnly.unverified.count == 2)
        // Witness keys alone open the note, but a checkpoint without the log's signature is refused.
        #expect(try SignedNote.parse(note).open(with: witnessKeys).verified.count == 2)
        let stranger = try NoteSigner.generate(name: logKey.name)
        #expect(throws: LedgerError.self) { try Checkpoint.open(note, logKey: stranger.verifierKey) }
        // Our cosigner reproduces the derived signatures byte for byte.
        for witness in witnesses {
            let signer = try NoteSigner(skey: witness["skey_TEST_ONLY"] as! String)
            let body = log["checkpoint_body"] as! String
            #expect(Cosignature.message(text: body, timestamp: Vectors.u64(witness["timestamp"])) == witness["signed_message"] as? String)
            #expect(try signer.cosign(body, timestamp: Vectors.u64(witness["timestamp"])).line == witness["signature_line"] as? String)
        }
        let logSigner = try NoteSigner(skey: log["skey_TEST_ONLY"] as! String)
        #expect(try logSigner.sign(log["checkpoint_body"] as! String).line == log["log_signature_line"] as? String)
        // The tlog-proof: parses, prints back identically, and proves the empty leaf at index 0.
        let proofVector = vectors["tlog_proof"] as! [String: Any]
        let proof = try TlogProof(text: proofVector["text"] as! String)
        #expect(proof.text == proofVector["text"] as? String)
        #expect(try proof.verify(entry: Data(), logKey: logKey, otherKeys: witnessKeys).size == 8)
        #expect(throws: LedgerError.self) { try proof.verify(entry: Data([0]), logKey: logKey) }
        for example in vectors["vkey_examples_from_upstream"] as! [[String: Any]] {
            let vkey = example["vkey"] as! String
            if (example["type"] as! String).hasPrefix("0x04") {
                #expect(try NoteVerifierKey(vkey: vkey).type == 0x04)
            } else if (example["type"] as! String).hasPrefix("0x01") {
                #expect(try NoteVerifierKey(vkey: vkey).type == 0x01)
            } else {
                // ML-DSA-44 (0x06) is not available in swift-crypto; such keys are refused, not misread.
                #expect(throws: LedgerError.self) { try NoteVerifierKey(vkey: vkey) }
            }
        }
    }
}
