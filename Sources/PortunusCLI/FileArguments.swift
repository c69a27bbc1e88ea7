import ArgumentParser
import Foundation
import Ledger

func readFile(_ path: String) throws -> [UInt8] {
    guard let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path) else {
        standardError("error: io.failed: cannot read the file (\(path))")
        throw ExitCode(2)
    }
    return Array(data)
}

/// Reads a file argument, `-` being standard input.
func readInput(_ path: String) throws -> Data {
    if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw LedgerError(.io, "cannot read the file", resource: path)
    }
    return data
}
