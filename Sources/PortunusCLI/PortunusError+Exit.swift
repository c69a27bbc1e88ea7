import ArgumentParser
import PortunusCore

extension PortunusError {
    /// Prints to stderr and turns into an exit code for ArgumentParser.
    func exit() -> ExitCode {
        standardError("error: \(description)")
        return ExitCode(2)
    }
}
