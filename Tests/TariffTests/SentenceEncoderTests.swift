import Foundation
import PortunusCore
import PortunusTestSupport
import SentenceEmbedding
import Testing

/// The Swift encoder against the Python reference (`Benchmarks/peers/minilm.py fixtures`, HF
/// tokenizers and a numpy forward pass over the same weights): the same token ids and
/// embeddings at cosine ≥ 0.9999 on fifty sentences.
@Suite(.offPool) struct SentenceEncoderTests {
    struct Fixture: Decodable {
        struct Sentence: Decodable {
            var text: String
            var ids: [Int32]
            var embedding: [Float]
        }
        var modelSHA256: String
        var sentences: [Sentence]
        enum CodingKeys: String, CodingKey { case modelSHA256 = "model_sha256", sentences }
    }

    static let fixture: Fixture = {
        let url = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/TariffTests/Fixtures/minilm-reference.json")
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    static let encoder: SentenceEncoder? = TestEnvironment.tariffModel("all-minilm-l6-v2").map { try! SentenceEncoder(directory: $0) }

    @Test(.enabled(if: encoder != nil)) func tokenIdsMatchTheReferenceTokenizer() throws {
        let encoder = try #require(Self.encoder)
        for sentence in Self.fixture.sentences {
            #expect(encoder.tokenizer.ids(sentence.text) == sentence.ids, "\(sentence.text.prefix(40))")
        }
    }

    @Test(.enabled(if: encoder != nil)) func embeddingsMatchTheReference() throws {
        let encoder = try #require(Self.encoder)
        #expect(Self.fixture.sentences.count >= 50)
        var worst: Float = 1
        // One at a time, and all together in one batch: both must match.
        let batch = encoder.encode(Self.fixture.sentences.map(\.text))
        for (index, sentence) in Self.fixture.sentences.enumerated() {
            let single = encoder.encode(sentence.text)
            #expect(single.count == 384)
            let cosine = zip(single, sentence.embedding).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            let batched = zip(batch[index], sentence.embedding).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            worst = min(worst, cosine, batched)
            #expect(cosine >= 0.9999, "\(sentence.text.prefix(40)): cosine \(cosine)")
            #expect(batched >= 0.9999, "\(sentence.text.prefix(40)) in a batch: cosine \(batched)")
        }
        print("SentenceEncoder: worst cosine against the Python reference \(worst) over \(Self.fixture.sentences.count) sentences")
        // The published sentence-transformers example.
        let pair = zip(encoder.encode("A man is eating food."), encoder.encode("A man is eating a piece of bread.")).reduce(Float(0)) {
            $0 + $1.0 * $1.1
        }
        #expect(abs(pair - 0.7553) < 0.0005)
    }

    @Test(.enabled(if: encoder != nil)) func modelHashIsTheWeightsAndVocabulary() throws {
        let encoder = try #require(Self.encoder)
        #expect(encoder.modelHash.count == 64)
        #expect(encoder.dimension == 384)
    }

    @Test func tokenizerRulesOnAToyVocabulary() throws {
        let tokenizer = try WordPieceTokenizer(
            vocabulary: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "steel", "##s", "bolt", "-", "cafe", "nut", "冷"], maximumLength: 6)
        #expect(WordPieceTokenizer.words("Café  STEEL-bolts\u{0}\u{200B}冷x") == ["cafe", "steel", "-", "bolts", "冷", "x"])
        #expect(tokenizer.ids("steel bolts") == [2, 4, 6, 5, 3])
        #expect(tokenizer.ids("steels nuts") == [2, 4, 5, 9, 5, 3])
        #expect(tokenizer.ids("steel nutz") == [2, 4, 1, 3])  // "##z" is not in the vocabulary: the whole word is [UNK]
        #expect(tokenizer.ids("steel steel steel steel steel") == [2, 4, 4, 4, 4, 3])  // truncated to 6 with [SEP] kept
        #expect(throws: PortunusError.self) { try WordPieceTokenizer(vocabulary: ["steel"]) }
    }

    @Test func safetensorsErrorsNameTheByteOffset() throws {
        #expect(throws: PortunusError.self) { try SafeTensors(data: Data([1, 2, 3])) }
        var header = Array(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#.utf8)
        var file = Data(withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init)) + Data(header) + Data(count: 4)
        do {
            _ = try SafeTensors(data: file)
            Issue.record("a tensor of two floats in four bytes was read")
        } catch {
            #expect(error.code == .invalidModel)
            #expect(error.location?.byteOffset == 8 + header.count)
        }
        header = Array(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#.utf8)
        file =
            Data(withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init)) + Data(header)
            + Data(withUnsafeBytes(of: Float(1.5).bitPattern.littleEndian, Array.init))
            + Data(withUnsafeBytes(of: Float(-2).bitPattern.littleEndian, Array.init))
        let tensors = try SafeTensors(data: file)
        #expect(try tensors.floats("a", shape: [2]) == [1.5, -2])
        #expect(throws: PortunusError.self) { try tensors.floats("a", shape: [1, 2]) }
    }
}
