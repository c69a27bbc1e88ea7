import Foundation

/// The client half of `tlog-witness`: a log asking a witness to cosign its checkpoint.
public enum WitnessProtocol {
    /// The `add-checkpoint` request body.
    public static func requestBody(old: UInt64, proof: [TreeHash], signedCheckpoint: String) -> Data {
        Data((["old \(old)"] + proof.map(\.base64)).map { $0 + "\n" }.joined().utf8) + Data("\n".utf8) + Data(signedCheckpoint.utf8)
    }

    /// The witness's size from a 409 reply (`text/x.tlog.size`).
    public static func conflictSize(_ body: Data) -> UInt64? {
        let text = String(decoding: body, as: UTF8.self)
        guard text.hasSuffix("\n") else { return nil }
        return UInt64(text.dropLast())
    }

    /// The cosignatures in a 200 reply that verify with the witness's key over this checkpoint.
    public static func cosignatures(in body: Data, checkpointText: String, witness: NoteVerifierKey) -> [SignedNote.Signature] {
        guard let text = String(data: body, encoding: .utf8), let note = try? SignedNote.parse(checkpointText + "\n" + text),
            let opened = try? note.open(with: [witness])
        else { return [] }
        return opened.verified
    }
}
