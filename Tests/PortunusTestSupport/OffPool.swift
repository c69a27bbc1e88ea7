import Foundation
import PortunusCore
import Testing

/// Runs each test of a suite (or one test) on the threads of a `BlockingExecutor` instead of
/// Swift's cooperative pool.
///
/// Swift Testing calls synchronous test functions on that pool, which on Linux has one thread
/// per core. A test that waits for a child process or trains a model holds its thread for
/// tens of seconds, and on a two-core machine two of them stop every live server, socket and
/// timer the other suites run meanwhile (a client's read timeout then fires the moment the
/// pool frees). Under this trait a test prefers a `BlockingExecutor` shared by every such
/// test, of twice as many threads as cores (so that the CPU is shared much as before, while
/// tests waiting for a child process still leave room): its code, synchronous calls included,
/// runs there, and `#expect` still reports to the test, whose task-local context it keeps.
public struct OffPoolTrait: TestTrait, SuiteTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test, testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        if testCase == nil {  // the suite itself: its tests get their own scopes
            try await function()
            return
        }
        try await withTaskExecutorPreference(Self.executor) { try await function() }
    }

    static let executor = BlockingExecutor(label: "portunus.test", threads: 2 * ProcessInfo.processInfo.activeProcessorCount)
}

extension Trait where Self == OffPoolTrait {
    /// The test (or each test of the suite) runs on the test executor's threads, off the cooperative pool.
    public static var offPool: Self { Self() }
}
