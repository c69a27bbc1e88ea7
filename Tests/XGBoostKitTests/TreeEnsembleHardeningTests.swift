import Foundation
import Testing

@testable import XGBoostKit

/// Model files are outside input (`portunus risk` loads a directory given on the command
/// line): numbers in them must be refused or clamped, never trapped on.
@Suite("Tree ensembles from crafted model files")
struct TreeEnsembleHardeningTests {
    /// One stump on feature 0 (missing values go right, so the column is feature + count).
    static func model(numFeature: String, parallelTrees: String = "1", trees: Int = 1) -> Data {
        let tree = { (id: Int) in
            #"{"id":\#(id),"left_children":[1,-1,-1],"right_children":[2,-1,-1],"split_indices":[0,0,0],"split_conditions":[0.5,-1.0,1.0],"default_left":[0,0,0]}"#
        }
        return Data(
            """
            {"learner":{"gradient_booster":{"name":"gbtree","model":{"gbtree_model_param":{"num_parallel_tree":"\(parallelTrees)"},
            "trees":[\((0..<trees).map(tree).joined(separator: ","))]}},
            "learner_model_param":{"base_score":"5E-1","num_class":"0","num_feature":"\(numFeature)"},
            "objective":{"name":"binary:logistic"}}}
            """.utf8)
    }

    @Test("a feature count near Int.max is refused instead of overflowing a split's column")
    func hugeFeatureCountIsRefused() throws {
        #expect(throws: XGBoostError.self) { try TreeEnsemble(modelJSON: Self.model(numFeature: String(Int.max))) }
        #expect(throws: XGBoostError.self) { try TreeEnsemble(modelJSON: Self.model(numFeature: String(TreeEnsemble.maximumFeatureCount + 1))) }
        let stump = try TreeEnsemble(modelJSON: Self.model(numFeature: "1"))
        #expect(stump.predict([0, 1, .nan], rows: 3, outputMargin: true) == [-1, 1, 1])
    }

    @Test("a round limit times a parallel-tree count past Int.max compiles every tree")
    func roundsTimesParallelTreesSaturates() throws {
        let ensemble = try TreeEnsemble(modelJSON: Self.model(numFeature: "1", parallelTrees: String(Int.max), trees: 2), rounds: 2)
        #expect(ensemble.treeCount == 2)
    }
}
