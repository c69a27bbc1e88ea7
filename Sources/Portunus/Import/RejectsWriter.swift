import Foundation
import PortunusCore

/// Writes rejected rows to a CSV file next to the input, one line per problem, with the
/// row's line number, the column, the stable error code, the model field, the reason and the
/// raw row — so that nothing a trader sent is lost and every rejection can be fixed and
/// re-imported. The file is created only when there is something to reject.
final class RejectsWriter {
    let path: String
    private var handle: FileHandle?
    private var pending: [UInt8] = []
    private(set) var lines = 0

    static let header = ["line", "column", "column_name", "code", "field", "reason", "raw_record"]

    init(path: String) {
        self.path = path
    }

    func reject(_ error: PortunusError, record: [String]) throws(PortunusError) {
        let location = error.location
        let raw = record.map(RejectsWriter.quote).joined(separator: ",")
        let row = [
            location.map { String($0.line) } ?? "", location?.column.map(String.init) ?? "", location?.columnName ?? "",
            error.code.rawValue, error.field ?? "", error.reason, raw,
        ]
        append(row)
        lines += 1
        if pending.count > 1 << 16 { try flush() }
    }

    private func append(_ fields: [String]) {
        pending.append(contentsOf: fields.map(RejectsWriter.quote).joined(separator: ",").utf8)
        pending.append(0x0A)
    }

    func flush() throws(PortunusError) {
        guard !pending.isEmpty else { return }
        do {
            if handle == nil {
                _ = FileManager.default.createFile(atPath: path, contents: nil)
                guard let opened = FileHandle(forWritingAtPath: path) else {
                    throw PortunusError(.io, "cannot create the rejects file")
                }
                handle = opened
                let header = RejectsWriter.header.joined(separator: ",") + "\n"
                try opened.write(contentsOf: Data(header.utf8))
            }
            try handle!.write(contentsOf: Data(pending))
            pending.removeAll(keepingCapacity: true)
        } catch let error as PortunusError {
            throw error
        } catch {
            throw PortunusError(.io, "cannot write the rejects file: \(error.localizedDescription)")
        }
    }

    func close() throws(PortunusError) {
        try flush()
        try? handle?.synchronize()
        try? handle?.close()
        handle = nil
    }

    /// RFC 4180 quoting: quote when needed, double inner quotes.
    static func quote(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
