import Foundation
import PortunusCore

/// Reads a declaration CSV into memory without storing it — for training and evaluating risk
/// models on files. Rows with one id that follow each other form one declaration; a
/// declaration with any bad row is left out and counted (import the file to see why).
public enum DeclarationFile {
    public static func read(path: String, mapping: ColumnMapping) throws(PortunusError) -> (declarations: [Declaration], rejected: Int) {
        let (reader, decoder) = try DeclarationRowDecoder.open(path: path, mapping: mapping)
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
                decoder.append(itemOf: single, to: &current!.declaration!)
            default:
                current!.declaration = nil
            }
        }
        close()
        return (declarations, rejected)
    }
}
