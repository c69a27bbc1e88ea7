import ArgumentParser
import Foundation
import PortunusCore
import Screening
import Travel

struct TravelScreenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Screen every traveller in a folder of API/PNR files against a watch list (CSV); print the hits.",
        discussion: """
            The list's columns: id, list, category, severity, name, aliases (;-separated), birth_date (YYYY-MM-DD or YYYY), \
            nationality, document_number, document_country. With --json each hit is one JSON line: file, message, flight, \
            traveller (the message's reference or position), entry, list, category, severity, score and reasons. Names \
            are printed only with --show-names. Rows of the list that cannot be read are reported on stderr with line and column.
            """
    )
    @Option(help: "The watch list (CSV).") var list: String
    @Option(help: "A folder of EDIFACT files (PAXLST, PNRGOV).") var messages: String
    @Option(help: "Minimum score of a name hit (0–1).") var threshold: Double = ScreeningPolicy().threshold
    @Flag(help: "JSON lines, one per hit.") var json = false
    @Flag(help: "Include the traveller's and the entry's names in the output.") var showNames = false

    func run() async throws {
        let loaded: WatchListCSV.Loaded
        do { loaded = try WatchListCSV.load(path: list) } catch { throw error.exit() }
        for problem in loaded.problems { standardError("watch list: \(problem)") }
        let index = WatchListIndex(loaded.entries)
        var policy = ScreeningPolicy()
        policy.threshold = threshold
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: messages)) ?? []).sorted()
        var screened = 0
        var hitCount = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: messages + "/" + file) else { continue }
            for (messageIndex, message) in TravelReader.read(data).enumerated() {
                for (position, traveller) in message.passengers.enumerated() {
                    let document = traveller.documents.first { $0.number != nil }
                    let person = ScreenedPerson(
                        name: PersonName(traveller.givenNames + " " + traveller.surname),
                        birthDate: traveller.dateOfBirth.flatMap(BirthDate.init), nationality: traveller.nationality,
                        documentNumber: document?.number, documentCountry: document?.issuingState)
                    screened += 1
                    for hit in index.screen(person, policy: policy) {
                        hitCount += 1
                        let entry = loaded.entries[hit.entry]
                        let reference = traveller.reference ?? "#\(position + 1)"
                        if json {
                            var object: [String: String] = [
                                "file": file, "message": String(messageIndex + 1), "flight": message.flight?.number ?? "", "traveller": reference,
                                "entry": entry.id, "list": entry.list, "category": entry.category,
                            ]
                            if showNames {
                                object["traveller_name"] = person.name.joined
                                object["entry_name"] = entry.names.first?.joined ?? ""
                            }
                            struct Line: Encodable {
                                var fields: [String: String]
                                var severity: Int
                                var score: Double
                                var reasons: [String]
                                func encode(to encoder: any Encoder) throws {
                                    var container = encoder.container(keyedBy: Key.self)
                                    for (key, value) in fields { try container.encode(value, forKey: Key(key)) }
                                    try container.encode(severity, forKey: Key("severity"))
                                    try container.encode((score * 1000).rounded() / 1000, forKey: Key("score"))
                                    try container.encode(reasons, forKey: Key("reasons"))
                                }
                                struct Key: CodingKey {
                                    var stringValue: String
                                    var intValue: Int? { nil }
                                    init(_ string: String) { stringValue = string }
                                    init?(stringValue: String) { self.stringValue = stringValue }
                                    init?(intValue: Int) { nil }
                                }
                            }
                            try printJSON(Line(fields: object, severity: entry.severity, score: hit.score, reasons: hit.reasons))
                        } else {
                            let names = showNames ? " \(person.name.joined) ~ \(entry.names.first?.joined ?? "")" : ""
                            print(
                                "\(file) message \(messageIndex + 1) flight \(message.flight?.number ?? "?") traveller \(reference): "
                                    + "\(entry.list)/\(entry.id) (\(entry.category), severity \(entry.severity)) score \(String(format: "%.3f", hit.score))\(names) — \(hit.reasons.joined(separator: "; "))"
                            )
                        }
                    }
                }
            }
        }
        standardError("screened \(screened) travellers in \(files.count) files against \(loaded.entries.count) entries: \(hitCount) hits")
    }
}
