import PortunusCore

/// A single JSON declaration that was rejected: 422 with every problem.
struct RejectedDocument: Error {
    var problems: [PortunusError]
}
