import ArgumentParser
import Ledger

extension LedgerError {
    /// Prints to stderr with code and place, and ends the command with status 2.
    func exit() -> ExitCode {
        standardError("error: \(description)")
        return ExitCode(2)
    }
}
