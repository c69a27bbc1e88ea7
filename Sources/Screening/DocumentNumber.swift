import Foundation

/// Travel-document numbers compared as an officer reading a passport would: letters and
/// digits only, uppercase, and with the OCR confusions of the machine-readable zone folded
/// (O/Q/D → 0, I/L → 1, Z → 2, S → 5, B → 8, G → 6).
public enum DocumentNumber {
    public static func normalized(_ raw: String) -> String {
        String(raw.uppercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII }.map(Character.init))
    }

    public static func ocrFolded(_ raw: String) -> String {
        String(
            normalized(raw).map { c -> Character in
                switch c {
                case "O", "Q", "D": "0"
                case "I", "L": "1"
                case "Z": "2"
                case "S": "5"
                case "B": "8"
                case "G": "6"
                default: c
                }
            })
    }
}
