import CXGBoost

/// A failure reported by XGBoost, with XGBoost's own message (`XGBGetLastError`).
public struct XGBoostError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What kind of failure: a closed list (``allCases``), so an application can map every one
    /// (Portunus registers each under the same string).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's text, e.g. `xgboost.model`.
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A model that cannot be read: not XGBoost JSON, or a kind this library does not score.
        public static let invalidModel = Code("xgboost.model")
        /// Any other failed call: creating a matrix or booster, training, predicting.
        public static let callFailed = Code("xgboost.failed")

        /// Every code an `XGBoostError` can carry.
        public static let allCases: [Code] = [.invalidModel, .callFailed]
    }

    public var code: Code
    /// The C API function that failed.
    public var function: String
    /// XGBoost's message, verbatim.
    public var message: String

    public init(_ code: Code = .callFailed, function: String, message: String) {
        self.code = code
        self.function = function
        self.message = message
    }

    public var description: String { "XGBoost \(function) failed: \(message)" }

    /// Calls an XGBoost C function and turns a non-zero status into an error carrying
    /// XGBoost's message. The last-error buffer is thread-local in XGBoost, so it is read on
    /// the calling thread, right away.
    @inline(__always)
    static func check(_ function: @autoclosure () -> String, _ status: Int32, code: Code = .callFailed) throws(XGBoostError) {
        guard status == 0 else {
            let message = XGBGetLastError().map { String(cString: $0) } ?? "unknown error"
            throw XGBoostError(code, function: function(), message: message)
        }
    }
}
