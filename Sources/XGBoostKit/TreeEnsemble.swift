import Foundation

/// A booster's trees laid out for fast batch scoring on the CPU, read from XGBoost JSON.
///
/// XGBoost walks each row down each tree with a branch per node, which a CPU mispredicts about
/// half the time. Here every tree is walked for a block of rows at once, level by level, with
/// no branch at all: the two children of a node sit side by side, so the next node is
/// `left + (value < threshold ? 0 : 1)`, and a leaf points to itself (its threshold is NaN, so
/// the comparison is always false and `left + 1` is the leaf). Each row thus takes exactly the
/// tree's depth in steps and the rows of a block are independent work the CPU overlaps.
///
/// Missing values are resolved without a test per node either: each block of rows is copied
/// twice, once with NaN as −∞ (below every threshold: the row goes left) and once with NaN as
/// +∞ (the row goes right), and a node reads the copy that sends a missing value its default
/// way. Present values are compared as they are, so the arithmetic is XGBoost's own:
/// `value < threshold` in single precision, leaf values added to the base margin in tree
/// order in single precision, then the objective's transform. Scores agree with
/// ``Booster/predict(_:outputMargin:rounds:)`` — margins bit for bit (tests compare both on
/// synthetic and real data).
///
/// Only what this covers compiles: the `gbtree` booster with one output (binary or
/// regression), numerical splits with finite thresholds, and the objectives listed in
/// ``Transform``; anything else (categorical splits, multi-class, `dart`, `gblinear`) throws,
/// and the caller scores with the ``Booster`` instead.
///
/// ```swift
/// let ensemble = try TreeEnsemble(modelJSON: booster.modelJSON(), rounds: bestRound + 1)
/// let scores = ensemble.predict(features, rows: 8_481)      // row-major, NaN = missing
/// ```
public struct TreeEnsemble: Sendable {
    /// How a margin becomes a score.
    public enum Transform: String, Sendable {
        /// `binary:logistic`, `reg:logistic`: 1 / (1 + e^-margin).
        case sigmoid
        /// `binary:logitraw`, `reg:squarederror` and other objectives scored on the margin.
        case identity
    }

    /// One node. `column` indexes a row's doubled values (the +∞ copy for a default-right
    /// split); the children are `left` and `left + 1`; a leaf has `left` one below itself.
    struct Node {
        var column: UInt32
        var threshold: Float
        var left: Int32
    }

    public let featureCount: Int
    public let treeCount: Int
    /// Boosting rounds compiled (trees ÷ parallel trees per round).
    public let rounds: Int
    public let transform: Transform
    let baseMargin: Float
    let nodes: [Node]
    /// Leaf values by node (zero for splits).
    let leafValues: [Float]
    let roots: [Int32]
    let depths: [Int32]

    /// Compiles the first `rounds` boosting rounds of a model (all of them when nil).
    public init(modelJSON data: Data, rounds: Int? = nil) throws(XGBoostError) {
        let model: ModelDocument
        do {
            model = try JSONDecoder().decode(ModelDocument.self, from: ModelJSON.normalize(data))
        } catch let error as XGBoostError {
            throw error
        } catch {
            throw XGBoostError(.invalidModel, function: "TreeEnsemble", message: "not an XGBoost JSON model: \(error)")
        }
        func unsupported(_ what: String) -> XGBoostError {
            XGBoostError(.invalidModel, function: "TreeEnsemble", message: "unsupported model: \(what)")
        }
        let learner = model.learner
        guard learner.gradientBooster.name == "gbtree", let trees = learner.gradientBooster.model?.trees else {
            throw unsupported("booster \(learner.gradientBooster.name)")
        }
        let parameters = learner.learnerModelParam
        guard (Int(parameters.numClass) ?? 0) <= 1, (Int(parameters.numTarget ?? "1") ?? 1) == 1 else {
            throw unsupported("more than one output")
        }
        // The feature count sizes the scoring buffers (2 × per row) and a node's column is a
        // UInt32: a count from the file beyond ``maximumFeatureCount`` is refused, not trapped on.
        guard let featureCount = Int(parameters.numFeature), featureCount > 0, featureCount <= Self.maximumFeatureCount,
            let baseScore = Float(parameters.baseScore)
        else {
            throw unsupported("learner parameters \(parameters)")
        }
        switch learner.objective.name {
        case "binary:logistic", "reg:logistic":
            transform = .sigmoid
            guard baseScore > 0, baseScore < 1 else { throw unsupported("base_score \(baseScore) for a logistic objective") }
            // XGBoost's ProbToMargin, in single precision.
            baseMargin = -logf(1 / baseScore - 1)
        case "binary:logitraw", "reg:squarederror", "reg:pseudohubererror", "reg:absoluteerror", "reg:quantileerror":
            transform = .identity
            baseMargin = baseScore
        default:
            throw unsupported("objective \(learner.objective.name)")
        }
        let parallel = max(Int(learner.gradientBooster.model?.gbtreeModelParam.numParallelTree ?? "1") ?? 1, 1)
        // Both factors may come from files (the metadata's best round, the model's parallel
        // trees): a product past Int.max means all the trees.
        let used =
            rounds.map { rounds in
                let (product, overflow) = max(rounds, 0).multipliedReportingOverflow(by: parallel)
                return overflow ? trees.count : min(trees.count, product)
            } ?? trees.count

        var nodes: [Node] = []
        var leafValues: [Float] = []
        var roots: [Int32] = []
        var depths: [Int32] = []
        for tree in trees.prefix(used) {
            let count = tree.leftChildren.count
            guard count > 0, tree.rightChildren.count == count, tree.splitIndices.count == count,
                tree.splitConditions.count == count, tree.defaultLeft.count == count
            else {
                throw unsupported("tree \(tree.id) has arrays of different lengths")
            }
            if let types = tree.splitType, types.contains(where: { $0 != 0 }) { throw unsupported("categorical splits in tree \(tree.id)") }
            // Breadth first from the root; each split's two children get adjacent slots.
            let base = nodes.count
            var order = [0]
            var slot = [Int](repeating: -1, count: count)
            slot[0] = base
            var depth = [Int32](repeating: 0, count: count)
            var treeDepth: Int32 = 0
            var next = 0
            nodes.append(Node(column: 0, threshold: .nan, left: 0))
            leafValues.append(0)
            while next < order.count {
                let index = order[next]
                next += 1
                let left = Int(tree.leftChildren[index])
                if left == -1 {
                    // A leaf: XGBoost keeps its value in split_conditions.
                    nodes[slot[index]] = Node(column: 0, threshold: .nan, left: Int32(slot[index] - 1))
                    leafValues[slot[index]] = tree.splitConditions[index]
                    continue
                }
                let right = Int(tree.rightChildren[index])
                let feature = tree.splitIndices[index]
                let threshold = tree.splitConditions[index]
                guard left > 0, left < count, right > 0, right < count, slot[left] == -1, slot[right] == -1,
                    feature >= 0, feature < featureCount, threshold.isFinite
                else {
                    throw unsupported("tree \(tree.id) node \(index) is not a finite split inside the tree")
                }
                slot[left] = nodes.count
                slot[right] = nodes.count + 1
                nodes.append(contentsOf: [Node(column: 0, threshold: .nan, left: 0), Node(column: 0, threshold: .nan, left: 0)])
                leafValues.append(contentsOf: [0, 0])
                let column = UInt32(feature + (tree.defaultLeft[index] != 0 ? 0 : featureCount))
                nodes[slot[index]] = Node(column: column, threshold: threshold, left: Int32(slot[left]))
                depth[left] = depth[index] + 1
                depth[right] = depth[index] + 1
                treeDepth = max(treeDepth, depth[index] + 1)
                order += [left, right]
            }
            guard nodes.count - base == count else { throw unsupported("tree \(tree.id) has nodes unreachable from its root") }
            roots.append(Int32(base))
            depths.append(treeDepth)
        }
        self.featureCount = featureCount
        self.treeCount = roots.count
        self.rounds = roots.count / parallel
        self.nodes = nodes
        self.leafValues = leafValues
        self.roots = roots
        self.depths = depths
    }

    /// The most features a compiled model may have: 2²⁰, far beyond any tabular model, and
    /// small enough that a block's doubled rows (32 × 2 × features floats) stay in memory.
    public static let maximumFeatureCount = 1 << 20

    /// Rows scored together: their doubled values stay in the first-level cache.
    static let blockRows = 32

    /// Scores row-major feature rows (`rows × featureCount` values, NaN for missing).
    public func predict(_ values: [Float], rows: Int, outputMargin: Bool = false) -> [Float] {
        precondition(values.count == rows * featureCount, "expected \(rows) × \(featureCount) values, got \(values.count)")
        var margins = [Float](repeating: baseMargin, count: rows)
        let width = 2 * featureCount
        let blockRows = Self.blockRows
        var doubled = [Float](repeating: 0, count: blockRows * width)
        var position = [Int32](repeating: 0, count: blockRows)
        margins.withUnsafeMutableBufferPointer { margins in
            values.withUnsafeBufferPointer { values in
                nodes.withUnsafeBufferPointer { nodes in
                    leafValues.withUnsafeBufferPointer { leaves in
                        roots.withUnsafeBufferPointer { roots in
                            depths.withUnsafeBufferPointer { depths in
                                doubled.withUnsafeMutableBufferPointer { doubled in
                                    position.withUnsafeMutableBufferPointer { position in
                                        var start = 0
                                        while start < rows {
                                            let count = min(blockRows, rows - start)
                                            for row in 0..<count {
                                                for feature in 0..<featureCount {
                                                    let value = values[(start + row) * featureCount + feature]
                                                    doubled[row * width + feature] = value.isNaN ? -.infinity : value
                                                    doubled[row * width + featureCount + feature] = value.isNaN ? .infinity : value
                                                }
                                            }
                                            for tree in 0..<roots.count {
                                                let root = roots[tree]
                                                for row in 0..<count { position[row] = root }
                                                for _ in 0..<depths[tree] {
                                                    for row in 0..<count {
                                                        let node = nodes[Int(position[row])]
                                                        let value = doubled[row &* width &+ Int(node.column)]
                                                        position[row] = node.left &+ (value < node.threshold ? 0 : 1)
                                                    }
                                                }
                                                for row in 0..<count { margins[start + row] += leaves[Int(position[row])] }
                                            }
                                            start += count
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if outputMargin || transform == .identity { return margins }
        // XGBoost's sigmoid, in single precision.
        return margins.map { 1 / (1 + expf(-$0)) }
    }
}

/// The parts of XGBoost's JSON model schema that scoring needs.
private struct ModelDocument: Decodable {
    var learner: Learner

    struct Learner: Decodable {
        var gradientBooster: GradientBooster
        var learnerModelParam: LearnerModelParam
        var objective: Objective
        enum CodingKeys: String, CodingKey {
            case gradientBooster = "gradient_booster", learnerModelParam = "learner_model_param", objective
        }
    }

    struct LearnerModelParam: Decodable {
        var baseScore: String
        var numClass: String
        var numFeature: String
        var numTarget: String?
        enum CodingKeys: String, CodingKey {
            case baseScore = "base_score", numClass = "num_class", numFeature = "num_feature", numTarget = "num_target"
        }
    }

    struct Objective: Decodable { var name: String }

    struct GradientBooster: Decodable {
        var name: String
        var model: TreeModel?
    }

    struct TreeModel: Decodable {
        var gbtreeModelParam: GBTreeModelParam
        var trees: [Tree]
        enum CodingKeys: String, CodingKey { case gbtreeModelParam = "gbtree_model_param", trees }
    }

    struct GBTreeModelParam: Decodable {
        var numParallelTree: String?
        enum CodingKeys: String, CodingKey { case numParallelTree = "num_parallel_tree" }
    }

    struct Tree: Decodable {
        var id: Int
        var leftChildren: [Int32]
        var rightChildren: [Int32]
        var splitIndices: [Int]
        var splitConditions: [Float]
        var defaultLeft: [Int]
        var splitType: [Int]?
        enum CodingKeys: String, CodingKey {
            case id, leftChildren = "left_children", rightChildren = "right_children", splitIndices = "split_indices",
                splitConditions = "split_conditions", defaultLeft = "default_left", splitType = "split_type"
        }
    }
}
