import Foundation

/// Writes a line to stdout and flushes it, so that a parent process reading a pipe sees it
/// at once (the URL and key that `portunus run` prints, for one).
func standardOutput(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

func standardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .portunus
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
