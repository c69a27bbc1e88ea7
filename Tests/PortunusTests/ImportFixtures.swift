import Foundation
import PortunusTestSupport

/// Small CSV files written by the tests themselves, in the KCS layout.
enum ImportFixtures {
    static let kcsHeader =
        "Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,Payment Type,Mode of Transport,Declarant ID,Importer ID,Seller ID,Courier ID,HS6 Code,Country of Departure,Country of Origin,Tax Rate,Tax Type,Country of Origin Indicator,Net Mass,Item Price,Fraud,Critical Fraud"

    /// A KCS-layout row with the given fields replaced.
    static func kcsRow(
        id: String, hs: String = "440890", departure: String = "BE", origin: String = "BE", mass: String = "108.0",
        price: String = "372254.4", fraud: String = "0", critical: String = "0", date: String = "2020-01-01"
    ) -> String {
        "\(id),\(date),30,B,11,21,11,10,ZZR1LT6,QLRUBN9,0VKY2BR,,\(hs),\(departure),\(origin),0.0,FEU1,G,\(mass),\(price),\(fraud),\(critical)"
    }

    /// Planted bad rows between good ones; line numbers are the file's (header = line 1).
    static let plantedBadRows: String =
        [
            kcsHeader,
            kcsRow(id: "10000001"),  // 2 good
            kcsRow(id: "10000002", hs: "44089"),  // 3 HS code of 5 digits
            kcsRow(id: "10000003", origin: "UK"),  // 4 unknown country
            kcsRow(id: "10000004", mass: "-5.0"),  // 5 negative mass
            kcsRow(id: ""),  // 6 missing id
            "10000006,2020-01-01,30,B,11,21,11,10,\"ZZR1LT6,QLRUBN9,0VKY2BR,,440890,BE,BE,0.0,FEU1,G,1.0,2.0,0,0",  // 7 broken quoting
            kcsRow(id: "10000007", fraud: "1", critical: "2"),  // 8 good, critical fraud
            kcsRow(id: "10000008", mass: "0", price: "0"),  // 9 good, two warnings
            kcsRow(id: "10000009", date: "2020-02-30"),  // 10 impossible date
            "10000010,2020-01-01,30,B,11",  // 11 too few fields
        ].joined(separator: "\n") + "\n"

    static func write(_ text: String, named name: String, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// Parses a rejects file into rows of fields (simple: the test files hold no embedded newlines in reasons).
    static func rejects(at url: URL) throws -> [[String: String]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var rows: [[String: String]] = []
        let reader = CSVTestReader(text)
        guard let header = reader.rows.first else { return [] }
        for row in reader.rows.dropFirst() {
            rows.append(Dictionary(uniqueKeysWithValues: zip(header, row)))
        }
        return rows
    }
}

/// A tiny independent RFC 4180 parser, so the rejects file is checked by other code than
/// the one that reads imports.
struct CSVTestReader {
    let rows: [[String]]
    init(_ text: String) {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            pending = next
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        self.rows = rows
    }
}
