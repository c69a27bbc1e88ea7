import Foundation

/// Makes XGBoost JSON from any supported release loadable by the linked library (1.7).
///
/// From 3.0 on, XGBoost writes `learner_model_param.base_score` as a vector (`"[5E-1]"`) to
/// allow one intercept per target; 1.7 expects a single number (`"5E-1"`). A one-element
/// vector is rewritten as its element; the model's predictions do not change. Models of
/// several targets with distinct intercepts cannot be represented in 1.7 and are refused.
///
/// The rewrite is textual and touches only that value: decoding and re-encoding the whole
/// document would turn floats such as `1E0` into integers, which 1.7's reader refuses.
enum ModelJSON {
    static func normalize(_ data: Data) throws(XGBoostError) -> Data {
        guard let text = String(data: data, encoding: .utf8), text.first(where: { !$0.isWhitespace }) == "{" else {
            throw XGBoostError(
                .invalidModel, function: "ModelJSON", message: "the model is not a JSON object (UBJSON and binary models are not read here)")
        }
        guard let match = text.firstMatch(of: #/"base_score"\s*:\s*"\[([^\]"]*)\]"/#) else { return data }
        let elements = match.1.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = elements.first, Set(elements).count == 1 else {
            throw XGBoostError(
                .invalidModel, function: "ModelJSON",
                message: "base_score holds \(elements.count) distinct intercepts; the linked XGBoost 1.7 takes one")
        }
        var rewritten = text
        rewritten.replaceSubrange(match.range, with: #""base_score":"\#(first)""#)
        return Data(rewritten.utf8)
    }
}
