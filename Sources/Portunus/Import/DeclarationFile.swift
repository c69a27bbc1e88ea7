import Foundation
import PortunusCore

/// Reads a declaration CSV into memory without storing it — for training and evaluating risk
/// models on files. Rows with one id that follow each other form one declaration; a
/// declaration with any bad row is left out and counted (import the file to see why).
public enum DeclarationFile {
    public static func read(path: String, mapping: ColumnMapping) throws(PortunusError) -> (declarations: [Declaration], rejected: Int) {
        let reader = try CSVReader(path: path, delimiter: mapping.delimiter)
        guard try reader.readRecord() else {
            throw PortunusError(.missingColumn, "the file is empty; a header row is expected", location: .init(line: 1))
        }
        let header = try (0..<reader.record.count).map { index throws(PortunusError) in try reader.record.string(at: index) }
        let decoder = try DeclarationRowDecoder(mapping: mapping, header: header)
        var declarations: [Declaration] = []
        var rejected = 0
        var current: (id: DeclarationID, declaration: Declaration?)? = nil
        func close() {
            guard let group = current else { return }
            if let declaration = group.declaration, declaration.validate().isValid { declarations.append(declaration) } else { rejected += 1 }
            current = nil
        }
        while true {
            do {
                guard try reader.readRecord() else { break }
            } catch {
                rejected += 1
                continue
            }
            let (id, decoded) = decoder.decode(reader.record)
            guard let id else {
                rejected += 1
                continue
            }
            if current?.id != id {
                close()
                current = (id, nil)
                if case .declaration(let single) = decoded { current!.declaration = single }
                continue
            }
            switch decoded {
            case .declaration(let single) where current!.declaration != nil:
                var item = single.items[0]
                if !decoder.hasItemSequence { item.sequence = current!.declaration!.items.count + 1 }
                current!.declaration!.items.append(item)
            default:
                current!.declaration = nil
            }
        }
        close()
        return (declarations, rejected)
    }
}
