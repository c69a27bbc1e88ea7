import ArgumentParser
import Rules
import Storage

extension DataDirectoryOptions {
    /// Like `withStore`, also printing rule-set errors with their place.
    func withRiskStore<T>(_ body: (PortunusStore) throws -> T) throws -> T {
        do {
            return try withStore(body)
        } catch let error as RuleSetError {
            standardError("error: \(error)")
            throw ExitCode(2)
        }
    }
}
