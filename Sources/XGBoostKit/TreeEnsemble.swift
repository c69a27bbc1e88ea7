import Foundation

/// A booster's trees laid out for fast batch scoring on the CPU, read from XGBoost JSON.
///
/// XGBoost walks each row down each tree with a branch per node, which a CPU mispredicts about
/// half the time. Here every tree is walked for a block of rows at once, level by level, with
/// the branch turned into a select: a leaf points to itself, so each row takes exactly the
/// tree's depth in steps and the rows of a block are independent work the CPU overlaps. The
/// arithmetic is XGBoost's own: `value < threshold` in single precision, a missing (NaN) value
/// follows the node's default direction, leaf values are added to the base margin in tree
/// order in single precision, then the objective's transform. Scores agree with
/// ``Booster/predict(_:outputMargin:rounds:)`` (a test compares both on real data).
///
/// Only what this covers compiles: the `gbtree` booster with one output (binary or
/// regression), numerical splits, and the objectives listed in ``Transform``; anything else
/// (categorical splits, multi-class, `dart`, `gblinear`) throws, and the caller scores with
/// the ``Booster`` instead.
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

    /// One node: a split, or a leaf that points to itself.
    struct Node {
        /// Feature index in the low 31 bits; the high bit set when a missing value goes left.
        var feature: UInt32
        var threshold: Float
        var left: Int32
        var right: Int32
    }

    public let featureCount: Int
    public let treeCount: Int
    /// Boosting rounds compiled (trees ÷ parallel trees per round).
    public let rounds: Int
    public let transform: Transform
    let baseMargin: Float
    let nodes: [Node]
    let leafValues: [Float]
    let roots: [Int32]
    let depths: [Int32]

    static let defaultLeftBit: UInt32 = 1 << 31

    /// Compiles the first `rounds` boosting rounds of a model (all of them when nil).
    public init(modelJSON data: Data, rounds: Int? = nil) throws(XGBoostError) {
        let model: ModelDocument
        do {
            model = try JSONDecoder().decode(ModelDocument.self, from: ModelJSON.normalize(data))
        } catch let error as XGBoostError {
            throw error
        } catch {
            throw XGBoostError(function: "TreeEnsemble", message: "not an XGBoost JSON model: \(error)")
        }
        func unsupported(_ what: String) -> XGBoostError {
            XGBoostError(function: "TreeEnsemble", message: "unsupported model: \(what)")
        }
        let learner = model.learner
        guard learner.gradientBooster.name == "gbtree", let trees = learner.gradientBooster.model?.trees else {
            throw unsupported("booster \(learner.gradientBooster.name)")
        }
        let parameters = learner.learnerModelParam
        guard (Int(parameters.numClass) ?? 0) <= 1, (Int(parameters.numTarget ?? "1") ?? 1) == 1 else {
            throw unsupported("more than one output")
        }
        guard let featureCount = Int(parameters.numFeature), let baseScore = Float(parameters.baseScore) else {
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
        let parallel = Int(learner.gradientBooster.model?.gbtreeModelParam.numParallelTree ?? "1") ?? 1
        let used = rounds.map { min(trees.count, $0 * max(parallel, 1)) } ?? trees.count

        var nodes: [Node] = []
        var leafValues: [Float] = []
        var roots: [Int32] = []
        var depths: [Int32] = []
        for tree in trees.prefix(used) {
            let count = tree.leftChildren.count
            guard tree.rightChildren.count == count, tree.splitIndices.count == count, tree.splitConditions.count == count,
                  tree.defaultLeft.count == count, count > 0 else {
                throw unsupported("tree \(tree.id) has arrays of different lengths")
            }
            if let types = tree.splitType, types.contains(where: { $0 != 0 }) { throw unsupported("categorical splits in tree \(tree.id)") }
            let offset = Int32(nodes.count)
            var depth = [Int32](repeating: 0, count: count)
            var treeDepth: Int32 = 0
            for index in 0..<count {
                let left = tree.leftChildren[index]
                if left == -1 {
                    // A leaf: XGBoost keeps its value in split_conditions.
                    nodes.append(Node(feature: 0, threshold: 0, left: offset + Int32(index), right: offset + Int32(index)))
                    leafValues.append(tree.splitConditions[index])
                } else {
                    let right = tree.rightChildren[index]
                    let feature = tree.splitIndices[index]
                    guard left > 0, left < count, right > 0, right < count, feature >= 0, feature < featureCount else {
                        throw unsupported("tree \(tree.id) node \(index) points outside the tree")
                    }
                    // Children always follow their parent in XGBoost's numbering.
                    guard left > index, right > index else { throw unsupported("tree \(tree.id) node \(index) is not ordered") }
                    depth[Int(left)] = depth[index] + 1
                    depth[Int(right)] = depth[index] + 1
                    treeDepth = max(treeDepth, depth[index] + 1)
                    nodes.append(Node(feature: UInt32(feature) | (tree.defaultLeft[index] != 0 ? Self.defaultLeftBit : 0),
                                      threshold: tree.splitConditions[index], left: offset + left, right: offset + right))
                    leafValues.append(0)
                }
            }
            roots.append(offset)
            depths.append(treeDepth)
        }
        self.featureCount = featureCount
        self.treeCount = roots.count
        self.rounds = roots.count / max(parallel, 1)
        self.nodes = nodes
        self.leafValues = leafValues
        self.roots = roots
        self.depths = depths
    }

    /// Scores row-major feature rows (`rows × featureCount` values, NaN for missing).
    public func predict(_ values: [Float], rows: Int, outputMargin: Bool = false) -> [Float] {
        precondition(values.count == rows * featureCount, "expected \(rows) × \(featureCount) values, got \(values.count)")
        var margins = [Float](repeating: baseMargin, count: rows)
        let blockSize = 64
        margins.withUnsafeMutableBufferPointer { margins in
            values.withUnsafeBufferPointer { values in
                nodes.withUnsafeBufferPointer { nodes in
                    leafValues.withUnsafeBufferPointer { leaves in
                        var position = [Int32](repeating: 0, count: blockSize)
                        position.withUnsafeMutableBufferPointer { position in
                            var start = 0
                            while start < rows {
                                let count = min(blockSize, rows - start)
                                let block = UnsafeBufferPointer(rebasing: values[(start * featureCount)..<((start + count) * featureCount)])
                                for tree in 0..<roots.count {
                                    let root = roots[tree]
                                    for row in 0..<count { position[row] = root }
                                    for _ in 0..<depths[tree] {
                                        for row in 0..<count {
                                            let node = nodes[Int(position[row])]
                                            let value = block[row &* featureCount &+ Int(node.feature & ~Self.defaultLeftBit)]
                                            let goesLeft = value < node.threshold || (value.isNaN && node.feature & Self.defaultLeftBit != 0)
                                            position[row] = goesLeft ? node.left : node.right
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
