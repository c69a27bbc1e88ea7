import CBLAS
import Crypto
import Foundation
import PortunusCore
import Synchronization

/// A BERT sentence encoder (all-MiniLM-L6-v2 and models of its shape) written over OpenBLAS:
/// token, position and type embeddings, `layers` transformer layers (self-attention, GELU
/// feed-forward, post-LayerNorm), mean pooling over the real tokens, L2 normalisation.
///
/// It reads a sentence-transformers folder: `config.json`, `vocab.txt`, `model.safetensors`,
/// `1_Pooling/config.json` (mean pooling is the only pooling supported). Nothing is fetched;
/// a folder that is not there is an error. ``modelHash`` identifies the weights and vocabulary,
/// so that anything computed with the model (cached embeddings) can be keyed by it.
///
/// Thread-safe: encoding allocates its own buffers and only reads the weights.
public final class SentenceEncoder: Sendable {
    public struct Configuration: Sendable, Hashable {
        public var hidden: Int
        public var heads: Int
        public var layers: Int
        public var intermediate: Int
        public var positions: Int
        public var vocabulary: Int
        public var epsilon: Float
    }

    struct Layer: Sendable {
        var qkv: [Float]  // (3·hidden) × hidden: query, key and value weights stacked
        var qkvBias: [Float]
        var output: [Float]  // hidden × hidden
        var outputBias: [Float]
        var norm1: [Float], norm1Bias: [Float]
        var up: [Float]  // intermediate × hidden
        var upBias: [Float]
        var down: [Float]  // hidden × intermediate
        var downBias: [Float]
        var norm2: [Float], norm2Bias: [Float]
    }

    public let configuration: Configuration
    public let tokenizer: WordPieceTokenizer
    /// SHA-256 (hex) over the weights file, the vocabulary and the configuration.
    public let modelHash: String
    /// The length of each embedding (the hidden size).
    public var dimension: Int { configuration.hidden }

    let words: [Float]
    let positions: [Float]
    let type0: [Float]
    let embeddingNorm: [Float], embeddingNormBias: [Float]
    let layers: [Layer]

    public convenience init(directory: URL) throws(PortunusError) {
        let configURL = directory.appendingPathComponent("config.json")
        guard let configData = try? Data(contentsOf: configURL) else {
            throw PortunusError(.io, "no model at \(directory.path): config.json is missing (scripts/bootstrap unpacks the MiniLM model)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: configData) as? [String: Any] else {
            throw PortunusError(.invalidModel, "config.json is not a JSON object")
        }
        func integer(_ key: String) throws(PortunusError) -> Int {
            guard let value = object[key] as? Int, value > 0 else {
                throw PortunusError(.invalidModel, "config.json has no positive \(key)", field: "/\(key)")
            }
            return value
        }
        let configuration = Configuration(
            hidden: try integer("hidden_size"), heads: try integer("num_attention_heads"), layers: try integer("num_hidden_layers"),
            intermediate: try integer("intermediate_size"), positions: try integer("max_position_embeddings"),
            vocabulary: try integer("vocab_size"), epsilon: Float((object["layer_norm_eps"] as? Double) ?? 1e-12))
        guard configuration.hidden % configuration.heads == 0, (object["hidden_act"] as? String ?? "gelu") == "gelu" else {
            throw PortunusError(.invalidModel, "config.json: the hidden size must divide into the heads and the activation must be gelu")
        }
        let poolingURL = directory.appendingPathComponent("1_Pooling/config.json")
        if let data = try? Data(contentsOf: poolingURL), let pooling = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            pooling["pooling_mode_mean_tokens"] as? Bool != true
        {
            throw PortunusError(.invalidModel, "1_Pooling/config.json asks for a pooling other than the mean of the tokens")
        }
        var maximumLength = 256
        if let data = try? Data(contentsOf: directory.appendingPathComponent("sentence_bert_config.json")),
            let settings = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let length = settings["max_seq_length"] as? Int
        {
            maximumLength = length
        }
        let vocabularyURL = directory.appendingPathComponent("vocab.txt")
        let tokenizer = try WordPieceTokenizer(vocabularyFile: vocabularyURL, maximumLength: min(maximumLength, configuration.positions))
        guard tokenizer.vocabulary.count <= configuration.vocabulary else {
            throw PortunusError(.invalidModel, "vocab.txt has \(tokenizer.vocabulary.count) tokens; the model has \(configuration.vocabulary)")
        }
        let weightsURL = directory.appendingPathComponent("model.safetensors")
        let tensors = try SafeTensors(contentsOf: weightsURL)

        var hasher = SHA256()
        if let weights = try? Data(contentsOf: weightsURL, options: .alwaysMapped) { hasher.update(data: weights) }
        if let vocabulary = try? Data(contentsOf: vocabularyURL) { hasher.update(data: vocabulary) }
        hasher.update(data: configData)
        let hash = Hex.encode(Array(hasher.finalize()))
        try self.init(configuration: configuration, tokenizer: tokenizer, tensors: tensors, modelHash: hash)
    }

    init(configuration c: Configuration, tokenizer: WordPieceTokenizer, tensors: SafeTensors, modelHash: String) throws(PortunusError) {
        let h = c.hidden
        let i = c.intermediate
        // Weights are named with or without the `bert.` prefix of a full BertModel export.
        let prefix = tensors.tensors["embeddings.word_embeddings.weight"] != nil ? "" : "bert."
        func tensor(_ name: String, _ shape: [Int]) throws(PortunusError) -> [Float] { try tensors.floats(prefix + name, shape: shape) }
        self.configuration = c
        self.tokenizer = tokenizer
        self.modelHash = modelHash
        words = try tensor("embeddings.word_embeddings.weight", [c.vocabulary, h])
        positions = try tensor("embeddings.position_embeddings.weight", [c.positions, h])
        type0 = Array(try tensor("embeddings.token_type_embeddings.weight", [2, h])[0..<h])
        embeddingNorm = try tensor("embeddings.LayerNorm.weight", [h])
        embeddingNormBias = try tensor("embeddings.LayerNorm.bias", [h])
        var layers: [Layer] = []
        for index in 0..<c.layers {
            let p = "encoder.layer.\(index)."
            layers.append(
                Layer(
                    qkv: try tensor(p + "attention.self.query.weight", [h, h]) + tensor(p + "attention.self.key.weight", [h, h])
                        + tensor(p + "attention.self.value.weight", [h, h]),
                    qkvBias: try tensor(p + "attention.self.query.bias", [h]) + tensor(p + "attention.self.key.bias", [h])
                        + tensor(p + "attention.self.value.bias", [h]),
                    output: try tensor(p + "attention.output.dense.weight", [h, h]),
                    outputBias: try tensor(p + "attention.output.dense.bias", [h]),
                    norm1: try tensor(p + "attention.output.LayerNorm.weight", [h]),
                    norm1Bias: try tensor(p + "attention.output.LayerNorm.bias", [h]),
                    up: try tensor(p + "intermediate.dense.weight", [i, h]),
                    upBias: try tensor(p + "intermediate.dense.bias", [i]),
                    down: try tensor(p + "output.dense.weight", [h, i]),
                    downBias: try tensor(p + "output.dense.bias", [h]),
                    norm2: try tensor(p + "output.LayerNorm.weight", [h]),
                    norm2Bias: try tensor(p + "output.LayerNorm.bias", [h])))
        }
        self.layers = layers
    }

    /// The kernels OpenBLAS chose for this CPU (`Prescott` means its generic SSE3 code: OpenBLAS
    /// 0.3.21 does not know CPUs newer than itself; set `OPENBLAS_CORETYPE`, as the Makefile does).
    public static var blasCore: String { openblas_get_corename().map { String(cString: $0) } ?? "unknown" }

    /// Sentences are short: OpenBLAS's own threads spend more time waking and yielding than
    /// working on matrices of tens of rows, and spin a core while the encoder runs its own
    /// loops. The encoder runs OpenBLAS on one thread (process-wide) and parallelises over
    /// texts itself (``encode(_:batch:workers:)``).
    static let oneBLASThread: Void = { openblas_set_num_threads(1) }()

    /// Many texts, in batches spread over `workers` threads, in order.
    public func encode(_ texts: [String], batch: Int, workers: Int) -> [[Float]] {
        encode(texts, batch: batch, workers: workers, stopped: { false })!
    }

    /// Many texts, in batches spread over `workers` threads, in order; nil when `stopped`
    /// turned true first. It is asked before each batch and between the model's layers, so a
    /// long job stops within a fraction of a batch.
    public func encode(_ texts: [String], batch: Int, workers: Int, stopped: @escaping @Sendable () -> Bool) -> [[Float]]? {
        let batches = stride(from: 0, to: texts.count, by: max(1, batch)).map { $0..<min($0 + max(1, batch), texts.count) }
        final class Work: Sendable {
            let results: Mutex<[[[Float]]]>
            let next = Atomic<Int>(0)
            init(_ count: Int) { results = Mutex(Array(repeating: [], count: count)) }
        }
        let work = Work(batches.count)
        // Threads of its own, not Dispatch's global pool, which Swift concurrency shares.
        BlockingExecutor.parallel(workers: min(workers, batches.count)) { _ in
            while true {
                let index = work.next.add(1, ordering: .relaxed).oldValue
                guard index < batches.count, !stopped(),
                    let vectors = self.encode(ids: Array(texts[batches[index]]).map(self.tokenizer.ids), stopped: stopped)
                else { return }
                work.results.withLock { $0[index] = vectors }
            }
        }
        if stopped() { return nil }
        return work.results.withLock { $0.flatMap { $0 } }
    }

    /// The unit-length embedding of a text.
    public func encode(_ text: String) -> [Float] {
        encode(ids: [tokenizer.ids(text)])[0]
    }

    /// The embeddings of several texts, computed together (the projections run as one matrix
    /// product over all their tokens; attention stays within each text).
    public func encode(_ texts: [String]) -> [[Float]] {
        encode(ids: texts.map(tokenizer.ids))
    }

    /// The embeddings of token id sequences (each already wrapped in `[CLS] … [SEP]`).
    public func encode(ids sequences: [[Int32]]) -> [[Float]] {
        encode(ids: sequences, stopped: { false })!
    }

    /// The embeddings of token id sequences, or nil when `stopped` turned true between two
    /// layers.
    func encode(ids sequences: [[Int32]], stopped: () -> Bool) -> [[Float]]? {
        Self.oneBLASThread
        let c = configuration
        let h = c.hidden
        let heads = c.heads
        let size = h / heads
        let sequences = sequences.map { $0.isEmpty ? [tokenizer.classify, tokenizer.separator] : Array($0.prefix(c.positions)) }
        var starts: [Int] = []
        var rows = 0
        for sequence in sequences {
            starts.append(rows)
            rows += sequence.count
        }
        let longest = sequences.map(\.count).max() ?? 0

        var x = [Float](repeating: 0, count: rows * h)
        var qkv = [Float](repeating: 0, count: rows * 3 * h)
        var context = [Float](repeating: 0, count: rows * h)
        var projected = [Float](repeating: 0, count: rows * h)
        var inner = [Float](repeating: 0, count: rows * c.intermediate)
        var scores = [Float](repeating: 0, count: longest * longest)
        let scale = 1 / Float(size).squareRoot()
        let r = Int32(rows)
        let h32 = Int32(h)
        let i32 = Int32(c.intermediate)

        // Embeddings, then LayerNorm.
        for (index, sequence) in sequences.enumerated() {
            for (position, id) in sequence.enumerated() {
                let row = (starts[index] + position) * h
                let word = Int(id) < c.vocabulary && id >= 0 ? Int(id) : Int(tokenizer.unknown)
                for k in 0..<h { x[row + k] = words[word * h + k] + positions[position * h + k] + type0[k] }
            }
        }
        Self.normalise(&x, rows: rows, width: h, weight: embeddingNorm, bias: embeddingNormBias, epsilon: c.epsilon)

        for layer in layers {
            if stopped() { return nil }
            // Query, key and value for every token at once.
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, r, 3 * h32, h32, 1, x, h32, layer.qkv, h32, 0, &qkv, 3 * h32)
            Self.addBias(&qkv, rows: rows, bias: layer.qkvBias)
            // Attention within each sequence, head by head. Sequences are short (tens of
            // tokens), so plain loops beat thousands of tiny BLAS calls here.
            qkv.withUnsafeBufferPointer { qkvBuffer in
                context.withUnsafeMutableBufferPointer { contextBuffer in
                    scores.withUnsafeMutableBufferPointer { scoreBuffer in
                        let base = qkvBuffer.baseAddress!
                        let out = contextBuffer.baseAddress!
                        let s = scoreBuffer.baseAddress!
                        let stride = 3 * h
                        for (index, sequence) in sequences.enumerated() {
                            let t = sequence.count
                            let start = starts[index]
                            for head in 0..<heads {
                                let q = base + start * stride + head * size
                                let k = q + h
                                let v = q + 2 * h
                                for row in 0..<t {
                                    let query = q + row * stride
                                    let line = s + row * t
                                    var maximum = -Float.infinity
                                    for j in 0..<t {
                                        let key = k + j * stride
                                        var dot: Float = 0
                                        for d in 0..<size { dot += query[d] * key[d] }
                                        dot *= scale
                                        line[j] = dot
                                        maximum = max(maximum, dot)
                                    }
                                    var sum: Float = 0
                                    for j in 0..<t {
                                        let e = expf(line[j] - maximum)
                                        line[j] = e
                                        sum += e
                                    }
                                    let inverse = 1 / sum
                                    let target = out + (start + row) * h + head * size
                                    for d in 0..<size { target[d] = 0 }
                                    for j in 0..<t {
                                        let weight = line[j] * inverse
                                        let value = v + j * stride
                                        for d in 0..<size { target[d] += weight * value[d] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            // Output projection, residual, LayerNorm.
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, r, h32, h32, 1, context, h32, layer.output, h32, 0, &projected, h32)
            Self.addBiasAndResidual(&x, projected, bias: layer.outputBias, rows: rows)
            Self.normalise(&x, rows: rows, width: h, weight: layer.norm1, bias: layer.norm1Bias, epsilon: c.epsilon)
            // Feed-forward with GELU, residual, LayerNorm.
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, r, i32, h32, 1, x, h32, layer.up, h32, 0, &inner, i32)
            inner.withUnsafeMutableBufferPointer { buffer in
                layer.upBias.withUnsafeBufferPointer { bias in
                    let width = bias.count
                    for row in 0..<rows {
                        let line = buffer.baseAddress! + row * width
                        for k in 0..<width {
                            let value = line[k] + bias[k]
                            line[k] = 0.5 * value * (1 + Self.erf(value * 0.70710678118654752))
                        }
                    }
                }
            }
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, r, h32, i32, 1, inner, i32, layer.down, i32, 0, &projected, h32)
            Self.addBiasAndResidual(&x, projected, bias: layer.downBias, rows: rows)
            Self.normalise(&x, rows: rows, width: h, weight: layer.norm2, bias: layer.norm2Bias, epsilon: c.epsilon)
        }

        // Mean over each sequence's tokens, then unit length.
        return sequences.indices.map { index in
            var pooled = [Float](repeating: 0, count: h)
            let t = sequences[index].count
            for row in starts[index]..<(starts[index] + t) {
                for k in 0..<h { pooled[k] += x[row * h + k] }
            }
            var norm: Float = 0
            for k in 0..<h {
                pooled[k] /= Float(t)
                norm += pooled[k] * pooled[k]
            }
            let inverse = norm > 0 ? 1 / norm.squareRoot() : 0
            for k in 0..<h { pooled[k] *= inverse }
            return pooled
        }
    }

    /// The error function as a rational function of x (Eigen's and TensorFlow's float
    /// approximation, clamped to ±4): within 4e-7 of erf everywhere, branch-free, so the GELU
    /// loop vectorises; the library `erff` call per element was an eighth of a query's time.
    @inline(__always) static func erf(_ value: Float) -> Float {
        let x = min(max(value, -4), 4)
        let x2 = x * x
        var p: Float = x2 * -2.72614225801306e-10 + 2.77068142495902e-08
        p = x2 * p - 2.10102402082508e-06
        p = x2 * p - 5.69250639462346e-05
        p = x2 * p - 7.34990630326855e-04
        p = x2 * p - 2.95459980854025e-03
        p = x2 * p - 1.60960333262415e-02
        var q: Float = x2 * -1.45660718464996e-05 - 2.13374055278905e-04
        q = x2 * q - 1.68282697438203e-03
        q = x2 * q - 7.37332916720468e-03
        q = x2 * q - 1.42647390514189e-02
        return x * p / q
    }

    static func addBias(_ values: inout [Float], rows: Int, bias: [Float]) {
        let width = bias.count
        values.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<rows {
                let line = buffer.baseAddress! + row * width
                for k in 0..<width { line[k] += bias[k] }
            }
        }
    }

    static func addBiasAndResidual(_ x: inout [Float], _ projected: [Float], bias: [Float], rows: Int) {
        let width = bias.count
        x.withUnsafeMutableBufferPointer { buffer in
            projected.withUnsafeBufferPointer { source in
                for row in 0..<rows {
                    let line = buffer.baseAddress! + row * width
                    let add = source.baseAddress! + row * width
                    for k in 0..<width { line[k] += add[k] + bias[k] }
                }
            }
        }
    }

    static func normalise(_ x: inout [Float], rows: Int, width: Int, weight: [Float], bias: [Float], epsilon: Float) {
        x.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<rows {
                let line = buffer.baseAddress! + row * width
                var mean: Float = 0
                for k in 0..<width { mean += line[k] }
                mean /= Float(width)
                var variance: Float = 0
                for k in 0..<width {
                    let d = line[k] - mean
                    variance += d * d
                }
                variance /= Float(width)
                let inverse = 1 / (variance + epsilon).squareRoot()
                for k in 0..<width { line[k] = (line[k] - mean) * inverse * weight[k] + bias[k] }
            }
        }
    }
}
