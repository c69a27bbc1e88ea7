import CXGBoost

/// A failure reported by XGBoost, with XGBoost's own message (`XGBGetLastError`).
public struct XGBoostError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The C API function that failed.
    public var function: String
    /// XGBoost's message, verbatim.
    public var message: String

    public var description: String { "XGBoost \(function) failed: \(message)" }

    /// Calls an XGBoost C function and turns a non-zero status into an error carrying
    /// XGBoost's message. The last-error buffer is thread-local in XGBoost, so it is read on
    /// the calling thread, right away.
    @inline(__always)
    static func check(_ function: @autoclosure () -> String, _ status: Int32) throws(XGBoostError) {
        guard status == 0 else {
            let message = XGBGetLastError().map { String(cString: $0) } ?? "unknown error"
            throw XGBoostError(function: function(), message: message)
        }
    }
}
