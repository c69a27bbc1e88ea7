import Foundation
import PortunusCore

/// Reads the UK Trade Tariff's commodity responses (API v2, JSON:API: the commodity in `data`,
/// its measures and everything they point to in `included`) into lines and measures — in pounds
/// for the UK service, in euros for the Northern Ireland (`xi`) one.
///
/// A response lists every measure in force on the commodity on the day asked for, including
/// those the tariff defines on its heading or chapter; each becomes a measure on the
/// commodity's 10-digit code, with the id `uk:<measure sid>` (`xi:` for Northern Ireland).
///
/// Measure types map to kinds as the Trade Tariff's types mean: 103 third-country duty; 142
/// tariff preference (its agreement is the geographical area's id, "1013" or "CA", which a claim
/// names); 551–554 anti-dumping; 555 and 556 countervailing; 695 and 696 additional duties;
/// VAT (305 and the national VAT types, which the records flag with `vat`) and excise (306 and
/// the national excise types, flagged `excise`). Everything else is left out and counted in
/// ``NationalTariffFile/skipped`` with its reason: quotas (122, 123, 143, 145, 146, 147),
/// suspensions (112, 115, 117, 119), end-use relief (105), entry prices (490), the customs
/// union duty (106), supplementary units (109, 110: they become the line's units), export
/// measures, and the controls, certificates and prohibitions that charge nothing.
///
/// The rest is read as the tariff writes it:
/// - **Expression**: from the measure's components (``DutyExpression/init(ukComponents:defaultCurrency:)``),
///   else its duty expression's text, and kept as Portunus writes it (notation `uk`). Meursing
///   components (`EA`, `ADSZ`) stay references; a calculation refuses them until it is given
///   their amounts. A measure whose duty sits only in its conditions is read when the condition
///   is a document: an anti-dumping duty under an exporter's additional code is the rate on
///   presentation of the exporter's invoice (D008), the rate the code exists for; the legal
///   basis says so and gives the rate without it. A duty that depends on a price or a quantity
///   (entry prices, condition V; a brewer's production, condition E) is left out.
/// - **Origins**: area 1011 (ERGA OMNES) is any origin; a country is itself; a group is its
///   member countries as the response lists them; excluded countries are excluded. Areas and
///   members that are not ISO 3166-1 alpha-2 codes (`EU`) are left out and counted.
/// - **Additional codes** as the tariff writes them (`B009`, `X440`, `VATZ`). The Northern
///   Ireland service gives UK excise and VAT as national measure types instead (`DDB` "EXCISE -
///   FULL, 442, …", `VTZ`); those get the code the UK service gives the same measure (`X442`,
///   `VATZ`; `VATE` for `VTE`, `VATR` for `VTA`), so that a declaration picks one excise band
///   or VAT rate in either service rather than paying all of them.
/// - **Dates** from the effective start and end dates; **legal basis** the measure type and its
///   legal acts ("UK Trade Tariff measure type 103 (Third country duty), legal act C2100001").
///
/// Reading several responses (``read(responses:)``, ``read(directory:)``) merges their lines and
/// measures, a measure met in several responses of one commodity once. A measure met under
/// several commodities is one the tariff defines above them (on heading 1704 90 for 1704903000
/// and 1704907100); it stays on each commodity, as `uk:<sid>:<code>`. The responses do not say
/// at which level a measure sits, and lifting it to the level the codes share would let it hide
/// the commodity's own measures of its kind, since in a ``NationalTariff`` the deepest level
/// wins — a zero-rate VAT measure on 1704903000 would hide the standard rate above it.
///
/// A malformed response fails with `tariff.file` or `tariff.row`, its JSON pointer, and the line
/// and byte where the value starts.
public struct UKCommodityReader: Sendable {
    /// The Trade Tariff's two services.
    public enum Service: String, Sendable, Hashable {
        /// Great Britain: the UK Global Tariff, in pounds.
        case uk
        /// Northern Ireland: the EU's tariff as it applies there, in euros.
        case xi

        /// The currency duties are due in.
        public var currency: Currency { self == .uk ? Currency(unchecked: "GBP") : .eur }
    }

    public let service: Service

    public init(service: Service) { self.service = service }

    /// Reads one response from a file of at most ``NationalTariffFile/maximumBytes``.
    public func read(path: String) throws(PortunusError) -> NationalTariffFile {
        try read(json: NationalTariffFile.contents(of: path, what: "Trade Tariff response"))
    }

    /// Reads one commodity response.
    public func read(json bytes: [UInt8]) throws(PortunusError) -> NationalTariffFile {
        let response = try parse(bytes)
        return NationalTariffFile(
            source: "UK Trade Tariff (\(service.rawValue)), commodity \(response.line.code)", currency: service.currency,
            lines: [response.line], measures: response.measures, skipped: response.skips.skips)
    }

    /// Reads responses and merges them (see the type's documentation); a problem names the response.
    public func read(responses: [(name: String, bytes: [UInt8])]) throws(PortunusError) -> NationalTariffFile {
        var parsed: [Response] = []
        for (name, bytes) in responses {
            do {
                parsed.append(try parse(bytes))
            } catch {
                throw PortunusError(error.code, "\(name): \(error.reason)", field: error.field, location: error.location)
            }
        }
        return try merge(parsed, count: responses.count)
    }

    /// The most responses a directory may hold, and their most bytes together.
    public static let maximumResponses = 10_000
    public static let maximumTotalBytes = 1 << 30

    /// Reads every `.json` file of a directory, in name order, and merges them.
    public func read(directory: String) throws(PortunusError) -> NationalTariffFile {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw PortunusError(.io, "cannot list the directory of Trade Tariff responses")
        }
        let files = names.filter { $0.hasSuffix(".json") }.sorted()
        guard files.count <= Self.maximumResponses else {
            throw PortunusError(.io, "the directory holds over \(Self.maximumResponses) responses")
        }
        var responses: [(name: String, bytes: [UInt8])] = []
        var total = 0
        for name in files {
            let bytes = try NationalTariffFile.contents(of: directory + "/" + name, what: "Trade Tariff response \(name)")
            total += bytes.count
            guard total <= Self.maximumTotalBytes else {
                throw PortunusError(.io, "the directory's responses are over \(Self.maximumTotalBytes) bytes together")
            }
            responses.append((name, bytes))
        }
        return try read(responses: responses)
    }

    // MARK: One response

    /// What one response gives.
    struct Response {
        var line: TariffLine
        var measures: [TariffMeasure]
        var skips: NationalTariffFile.SkipTally
    }

    func parse(_ bytes: [UInt8]) throws(PortunusError) -> Response {
        let document = try TariffJSON(bytes: bytes, what: "Trade Tariff response")
        guard case .object(let root) = document.root else {
            throw document.problem("a commodity response is a JSON object, not \(document.root.kind)", at: "", code: .invalidTariffFile)
        }
        guard let dataValue = root["data"] else {
            throw document.problem("a commodity response has a data member", at: "", code: .invalidTariffFile)
        }
        let data = try document.object(dataValue, at: "/data")
        let attributes = try document.object(data["attributes"], at: "/data/attributes")
        let code = try document.string(attributes["goods_nomenclature_item_id"], at: "/data/attributes/goods_nomenclature_item_id")
        guard code.utf8.count == 10, code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw document.problem("a commodity code is 10 digits", at: "/data/attributes/goods_nomenclature_item_id")
        }
        var description = try document.optionalString(attributes["description_plain"], at: "/data/attributes/description_plain")
        if description == nil { description = try document.string(attributes["description"], at: "/data/attributes/description") }
        var records = Records(document: document)
        if let included = root["included"], !included.isNull {
            for (index, value) in try document.array(included, at: "/included").enumerated() {
                try records.add(value, at: "/included/\(index)")
            }
        }
        var reading = MeasureReading(service: service, code: code, records: records)
        for record in records.measures { try reading.read(record) }
        let line = TariffLine(code: code, description: (description ?? "").trimmingCharacters(in: .whitespacesAndNewlines), units: reading.units)
        return Response(line: line, measures: reading.measures, skips: reading.skips)
    }

    // MARK: Merging

    func merge(_ responses: [Response], count: Int) throws(PortunusError) -> NationalTariffFile {
        var lines: [TariffLine] = []
        var lineCodes: Set<String> = []
        var skips = NationalTariffFile.SkipTally()
        var order: [String] = []
        var byID: [String: (measure: TariffMeasure, codes: [String])] = [:]
        for response in responses {
            if lineCodes.insert(response.line.code).inserted { lines.append(response.line) }
            skips.merge(response.skips)
            for measure in response.measures {
                if var known = byID[measure.id] {
                    if !known.codes.contains(measure.code) {
                        known.codes.append(measure.code)
                        byID[measure.id] = known
                    }
                } else {
                    order.append(measure.id)
                    byID[measure.id] = (measure, [measure.code])
                }
            }
        }
        var measures: [TariffMeasure] = []
        for id in order {
            guard let (measure, codes) = byID[id] else { continue }
            if codes.count == 1 {
                measures.append(measure)
            } else {
                for code in codes { measures.append(try Self.placed(measure, on: code, id: "\(id):\(code)")) }
            }
        }
        let sources = count == 1 ? "1 commodity response" : "\(count) commodity responses"
        return NationalTariffFile(
            source: "UK Trade Tariff (\(service.rawValue)), \(sources)", currency: service.currency, lines: lines, measures: measures,
            skipped: skips.skips)
    }

    /// The same measure on another code, under another id.
    static func placed(_ measure: TariffMeasure, on code: String, id: String) throws(PortunusError) -> TariffMeasure {
        try TariffMeasure(
            id: id, code: code, kind: measure.kind, origins: measure.origins, excluded: measure.excluded, additionalCode: measure.additionalCode,
            agreement: measure.agreement, expression: measure.expressionText, notation: measure.notation, from: measure.from,
            through: measure.through, legalBasis: measure.legalBasis)
    }
}
