import Foundation
import PortunusCore

/// The JSON form of a declaration, as the API accepts and returns it — the shape of
/// ``Declaration``'s `Codable` encoding:
///
/// ```json
/// {"id": "DM0100000001", "lodged_at": "2025-01-01T09:12:00Z", "office": "SEA01",
///  "procedure": {"process_type": "B", "import_type": "11", "import_use": "21", "payment_type": "11", "mode_of_transport": "10"},
///  "parties": {"declarant": "DCL00001", "importer": "IMP000001", "seller": "SLR000001"},
///  "items": [{"sequence": 1, "hs_code": "847130", "country_of_origin": "CN", "country_of_departure": "CN",
///             "origin_marking": "G", "net_mass": "12.5", "customs_value": {"amount": "1000", "currency": "USD"},
///             "duty_rate": "0", "tax_type": "A"}],
///  "timeline": {"assessed": "2025-01-01T09:20:00Z"},
///  "outcome": {"result": "irregularity", "fraud": true, "critical": false}}
/// ```
///
/// Reading is strict and complete: every problem of a document is reported, each with the
/// JSON pointer of the offending field, and unknown fields are errors, never dropped.
///
/// Keys are snake_case, as in every other part of the API. Until Foundation III declarations
/// alone used camelCase (`lodgedAt`, `hsCode`, …); those spellings are refused like any unknown
/// field, and the refusal names the key to send instead. Accepting both would give every field
/// two names for good, and a document holding both spellings would need a rule of its own.
public enum DeclarationJSON {
    /// The camelCase keys declarations had before Foundation III, with their snake_case names.
    public static let renamedKeys: [String: String] = [
        "lodgedAt": "lodged_at", "processType": "process_type", "importType": "import_type", "importUse": "import_use",
        "paymentType": "payment_type", "modeOfTransport": "mode_of_transport", "hsCode": "hs_code",
        "countryOfOrigin": "country_of_origin", "countryOfDeparture": "country_of_departure", "originMarking": "origin_marking",
        "netMass": "net_mass", "customsValue": "customs_value", "dutyRate": "duty_rate", "taxType": "tax_type",
        "revenueRecovered": "revenue_recovered",
    ]

    /// Reads one declaration from a JSON document. Returns the declaration with its warnings,
    /// or every problem found.
    public static func decode(_ data: Data) -> Result<(Declaration, [PortunusError]), DecodeFailure> {
        let value: JSONValue
        do { value = try JSONValue.parse(data) } catch { return .failure(DecodeFailure(id: nil, problems: [error])) }
        return decode(value)
    }

    /// Reads one declaration from bytes in place (one line of an NDJSON body).
    public static func decode(bytes: UnsafeRawBufferPointer) -> Result<(Declaration, [PortunusError]), DecodeFailure> {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes: bytes) } catch { return .failure(DecodeFailure(id: nil, problems: [error])) }
        return decode(value)
    }

    /// Problems of one document, with the declaration id when it could be read.
    public struct DecodeFailure: Error, Sendable {
        public var id: String?
        public var problems: [PortunusError]
    }

    static func decode(_ value: JSONValue) -> Result<(Declaration, [PortunusError]), DecodeFailure> {
        decodeStrictly(value).mapError { failure in
            DecodeFailure(id: failure.id, problems: failure.problems.map(namingRenamedKey))
        }
    }

    /// An unknown field that is one of the old camelCase keys says which key replaced it.
    static func namingRenamedKey(_ problem: PortunusError) -> PortunusError {
        guard problem.code == .unknownField, let field = problem.field,
            let old = field.split(separator: "/").last.map(String.init), let new = renamedKeys[old]
        else { return problem }
        var renamed = problem
        renamed.reason = "unknown field '\(old)': declaration keys are snake_case; send '\(new)'"
        return renamed
    }

    private static func decodeStrictly(_ value: JSONValue) -> Result<(Declaration, [PortunusError]), DecodeFailure> {
        var reader = StrictJSONReader()
        let top = ["id", "lodged_at", "office", "procedure", "parties", "items", "timeline", "outcome"]
        guard let members = reader.object(value, at: "", allowed: Set(top)) else {
            return .failure(DecodeFailure(id: nil, problems: reader.problems))
        }
        var id: DeclarationID? = nil
        if let text = reader.string(members, "id", at: "", required: true) {
            do { id = try DeclarationID(text) } catch { reader.report(error) }
        }
        let lodgedAt = reader.date(members, "lodged_at", at: "", required: true)
        let office = reader.string(members, "office", at: "", required: true)

        var procedure: Declaration.Procedure? = nil
        if members["procedure"] == nil || members["procedure"]?.isNull == true {
            reader.report(PortunusError(.missingField, "procedure is required", field: "/procedure"))
        } else if let fields = reader.object(
            members["procedure"], at: "/procedure",
            allowed: ["process_type", "import_type", "import_use", "payment_type", "mode_of_transport"])
        {
            let values = ["process_type", "import_type", "import_use", "payment_type", "mode_of_transport"].map {
                reader.string(fields, $0, at: "/procedure", required: true)
            }
            if let p = values[0], let t = values[1], let u = values[2], let m = values[3], let mode = values[4] {
                procedure = .init(processType: p, importType: t, importUse: u, paymentType: m, modeOfTransport: mode)
            }
        }

        var parties: Declaration.Parties? = nil
        if members["parties"] == nil || members["parties"]?.isNull == true {
            reader.report(PortunusError(.missingField, "parties is required", field: "/parties"))
        } else if let fields = reader.object(members["parties"], at: "/parties", allowed: ["declarant", "importer", "seller", "carrier"]) {
            let declarant = reader.string(fields, "declarant", at: "/parties", required: true)
            let importer = reader.string(fields, "importer", at: "/parties", required: true)
            let seller = reader.string(fields, "seller", at: "/parties", required: false)
            let carrier = reader.string(fields, "carrier", at: "/parties", required: false)
            if let declarant, let importer { parties = .init(declarant: declarant, importer: importer, seller: seller, carrier: carrier) }
        }

        var items: [GoodsItem] = []
        var itemsComplete = true
        if let elements = reader.array(members["items"], at: "/items") {
            if elements.isEmpty { reader.report(PortunusError(.noGoodsItems, "a declaration needs at least one goods item", field: "/items")) }
            for (index, element) in elements.enumerated() {
                if let item = decodeItem(element, index: index, reader: &reader) { items.append(item) } else { itemsComplete = false }
            }
        } else if members["items"] == nil || members["items"]?.isNull == true {
            reader.report(PortunusError(.missingField, "items is required", field: "/items"))
        }

        var timeline: Declaration.Timeline? = nil
        if let fields = reader.object(
            members["timeline"].flatMap { $0.isNull ? nil : $0 }, at: "/timeline",
            allowed: ["lodged", "assessed", "inspected", "released"])
        {
            let lodged = reader.date(fields, "lodged", at: "/timeline", required: false)
            if let lodged, let lodgedAt, lodged != lodgedAt {
                reader.report(PortunusError(.invalidDate, "timeline/lodged differs from lodged_at", field: "/timeline/lodged"))
            }
            timeline = .init(
                lodged: lodgedAt ?? Date(timeIntervalSince1970: 0),
                assessed: reader.date(fields, "assessed", at: "/timeline", required: false),
                inspected: reader.date(fields, "inspected", at: "/timeline", required: false),
                released: reader.date(fields, "released", at: "/timeline", required: false))
        }

        var outcome: InspectionOutcome? = nil
        if let fields = reader.object(
            members["outcome"].flatMap { $0.isNull ? nil : $0 }, at: "/outcome",
            allowed: ["result", "fraud", "critical", "revenue_recovered"])
        {
            let fraud = reader.bool(fields, "fraud", at: "/outcome")
            let critical = reader.bool(fields, "critical", at: "/outcome") ?? false
            var result: InspectionOutcome.Result? = nil
            if let text = reader.string(fields, "result", at: "/outcome", required: false) {
                result = InspectionOutcome.Result(rawValue: text)
                if result == nil {
                    reader.report(
                        PortunusError(
                            .invalidFlag, "result must be one of \(InspectionOutcome.Result.all.map(\.rawValue).joined(separator: ", "))",
                            field: "/outcome/result"))
                }
            }
            if fraud == nil && result == nil {
                reader.report(PortunusError(.missingField, "an outcome needs fraud or result", field: "/outcome/fraud"))
            }
            let revenue = decodeMoney(fields["revenue_recovered"], at: "/outcome/revenue_recovered", required: false, reader: &reader)
            let isFraud = fraud ?? (result == .irregularity)
            outcome = InspectionOutcome(
                result: result ?? (isFraud ? .irregularity : .noIrregularity), fraud: isFraud, critical: critical, revenueRecovered: revenue)
        }

        guard reader.problems.isEmpty, let id, let lodgedAt, let office, let procedure, let parties, itemsComplete else {
            return .failure(DecodeFailure(id: id?.rawValue, problems: reader.problems))
        }
        let declaration = Declaration(
            id: id, lodgedAt: lodgedAt, office: office, procedure: procedure, parties: parties, items: items,
            timeline: timeline.map { .init(lodged: lodgedAt, assessed: $0.assessed, inspected: $0.inspected, released: $0.released) },
            outcome: outcome)
        let validation = declaration.validate()
        guard validation.isValid else { return .failure(DecodeFailure(id: id.rawValue, problems: validation.errors)) }
        return .success((declaration, validation.warnings))
    }

    /// Reads an amendment: `{"items": [...], "reason": "…"}`, the goods items whole as a
    /// declaration gives them (every item, changed or not) and why. Every problem is reported
    /// with its pointer, as for a declaration.
    public static func decodeAmendment(_ data: Data) -> Result<(items: [GoodsItem], reason: String), DecodeFailure> {
        let value: JSONValue
        do { value = try JSONValue.parse(data) } catch { return .failure(DecodeFailure(id: nil, problems: [error])) }
        var reader = StrictJSONReader()
        guard let members = reader.object(value, at: "", allowed: ["items", "reason"]) else {
            return .failure(
                DecodeFailure(
                    id: nil, problems: reader.problems.isEmpty ? [PortunusError(.wrongType, "expected an object", field: "")] : reader.problems))
        }
        let reason = reader.string(members, "reason", at: "", required: true)
        var items: [GoodsItem] = []
        var complete = true
        if let elements = reader.array(members["items"], at: "/items") {
            if elements.isEmpty { reader.report(PortunusError(.noGoodsItems, "an amendment gives the goods items", field: "/items")) }
            for (index, element) in elements.enumerated() where index <= InputLimits.maximumItems {
                if let item = decodeItem(element, index: index, reader: &reader) { items.append(item) } else { complete = false }
            }
        } else {
            reader.report(PortunusError(.missingField, "items is required", field: "/items"))
        }
        guard reader.problems.isEmpty, complete, let reason else { return .failure(DecodeFailure(id: nil, problems: reader.problems)) }
        return .success((items, reason))
    }

    private static func decodeItem(_ value: JSONValue, index: Int, reader: inout StrictJSONReader) -> GoodsItem? {
        let pointer = "/items/\(index)"
        let allowed: Set<String> = [
            "sequence", "hs_code", "country_of_origin", "country_of_departure", "origin_marking", "net_mass", "customs_value", "duty_rate",
            "tax_type", "supplementary_quantities", "additional_codes", "preference",
        ]
        guard let fields = reader.object(value, at: pointer, allowed: allowed) else { return nil }
        let before = reader.problems.count
        let sequence = reader.integer(fields, "sequence", at: pointer) ?? index + 1
        var hsCode: HSCode? = nil
        if let text = reader.string(fields, "hs_code", at: pointer, required: true) {
            do { hsCode = try HSCode(text, field: pointer + "/hs_code") } catch { reader.report(error) }
        }
        func country(_ key: String) -> Country? {
            guard let text = reader.string(fields, key, at: pointer, required: true) else { return nil }
            do { return try Country(text, field: pointer + "/" + key) } catch {
                reader.report(error)
                return nil
            }
        }
        let origin = country("country_of_origin")
        let departure = country("country_of_departure")
        let marking = reader.string(fields, "origin_marking", at: pointer, required: false)
        let mass = reader.decimal(fields, "net_mass", at: pointer, required: true)
        let value = decodeMoney(fields["customs_value"], at: pointer + "/customs_value", required: true, reader: &reader)
        let rate = reader.decimal(fields, "duty_rate", at: pointer, required: true)
        let taxType = reader.string(fields, "tax_type", at: pointer, required: true)
        var quantities: [GoodsItem.Quantity] = []
        for (position, element) in (reader.array(fields["supplementary_quantities"], at: pointer + "/supplementary_quantities") ?? []).enumerated() {
            let at = pointer + "/supplementary_quantities/\(position)"
            guard position < Declaration.maximumDutyFacts * 4, let members = reader.object(element, at: at, allowed: ["unit", "amount"]) else {
                continue
            }
            if let unit = reader.string(members, "unit", at: at, required: true),
                let amount = reader.decimal(members, "amount", at: at, required: true)
            {
                quantities.append(.init(unit: unit, amount: amount))
            }
        }
        var additionalCodes: [String] = []
        for (position, element) in (reader.array(fields["additional_codes"], at: pointer + "/additional_codes") ?? []).enumerated()
        where position < Declaration.maximumDutyFacts * 4 {
            guard case .string(let code) = element else {
                reader.report(PortunusError(.wrongType, "expected a string, found \(element.kind)", field: pointer + "/additional_codes/\(position)"))
                continue
            }
            additionalCodes.append(code)
        }
        var preference: GoodsItem.Preference? = nil
        if let members = reader.object(
            fields["preference"].flatMap { $0.isNull ? nil : $0 }, at: pointer + "/preference", allowed: ["agreement", "proof"]),
            let agreement = reader.string(members, "agreement", at: pointer + "/preference", required: true)
        {
            preference = .init(agreement: agreement, proof: reader.string(members, "proof", at: pointer + "/preference", required: false))
        }
        guard reader.problems.count == before, let hsCode, let origin, let departure, let mass, let value, let rate, let taxType else { return nil }
        return GoodsItem(
            sequence: sequence, hsCode: hsCode, countryOfOrigin: origin, countryOfDeparture: departure,
            originMarking: marking, netMass: mass, customsValue: value, dutyRate: rate, taxType: taxType,
            supplementaryQuantities: quantities, additionalCodes: additionalCodes, preference: preference)
    }

    private static func decodeMoney(_ value: JSONValue?, at pointer: String, required: Bool, reader: inout StrictJSONReader) -> Money? {
        guard let value, !value.isNull else {
            if required { reader.report(PortunusError(.missingField, "\(pointer.split(separator: "/").last ?? "") is required", field: pointer)) }
            return nil
        }
        guard let fields = reader.object(value, at: pointer, allowed: ["amount", "currency"]) else { return nil }
        let amount = reader.decimal(fields, "amount", at: pointer, required: true)
        var currency: Currency? = nil
        if let code = reader.string(fields, "currency", at: pointer, required: true) {
            do { currency = try Currency(code, field: pointer + "/currency") } catch { reader.report(error) }
        }
        guard let amount, let currency else { return nil }
        return Money(amount, currency)
    }

    /// Encodes declarations as the API returns them.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .portunus
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
