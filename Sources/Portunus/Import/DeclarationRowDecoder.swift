import Foundation
import PortunusCore

/// Turns CSV records into single-item declarations under a ``ColumnMapping``.
///
/// Built once per file from its header, it knows the column of every field, so decoding a
/// row is index lookups and byte parsing. Every problem in a row is reported — not only the
/// first — each with the row's line, the column number and header name, and the model field.
struct DeclarationRowDecoder {
    enum Source {
        case column(Int)
        case constant(String)
    }

    /// A row as a declaration, or every problem found in it.
    enum Decoded {
        case declaration(Declaration)
        case problems([PortunusError])
    }

    let mapping: ColumnMapping
    let header: [String]
    private var sources = FieldTable<Source>()
    private let flagSpellings: [ColumnMapping.Field: ColumnMapping.FlagSpelling]
    /// True when the file numbers its goods items itself.
    var hasItemSequence: Bool { if case .column = sources[.itemSequence] { true } else { false } }
    /// Columns of the header that no field uses (reported once, not an error).
    private(set) var unusedColumns: [String] = []

    init(mapping: ColumnMapping, header: [String]) throws(PortunusError) {
        self.mapping = mapping
        self.header = header
        var firstIndex: [String: Int] = [:]
        for (index, name) in header.enumerated() where firstIndex[name] == nil {
            firstIndex[name.trimmingCharacters(in: .whitespaces)] = index
        }
        var used = Set<Int>()
        for field in ColumnMapping.Field.allCases {
            if let candidates = mapping.columns[field], let index = candidates.lazy.compactMap({ firstIndex[$0] }).first {
                sources[field] = .column(index)
                used.insert(index)
            } else if let constant = mapping.constants[field] {
                sources[field] = .constant(constant)
            }
        }
        let resolved = sources
        let missing = ColumnMapping.Field.required.filter { resolved[$0] == nil }
        if let first = missing.first {
            let names = missing.map { field in
                let candidates = mapping.columns[field] ?? []
                return candidates.isEmpty ? field.rawValue : "\(field.rawValue) (\(candidates.map { "'\($0)'" }.joined(separator: " or ")))"
            }
            throw PortunusError(
                .missingColumn, "the header lacks columns for \(names.joined(separator: ", ")) under layout '\(mapping.name)'",
                field: first.pointer, location: .init(line: 1))
        }
        unusedColumns = header.enumerated().filter { !used.contains($0.offset) }.map(\.element)
        var spellings = mapping.flags
        for field in [ColumnMapping.Field.fraud, .critical] where spellings[field] == nil { spellings[field] = .standard }
        flagSpellings = spellings
    }

    /// Opens a declaration CSV: reads its header and builds the decoder for it. The reader is
    /// left at the first data row.
    static func open(path: String, mapping: ColumnMapping) throws(PortunusError) -> (CSVReader, DeclarationRowDecoder) {
        let reader = try CSVReader(path: path, delimiter: mapping.delimiter)
        guard try reader.readRecord() else {
            throw PortunusError(.missingColumn, "the file is empty; a header row is expected", location: .init(line: 1))
        }
        let header = try (0..<reader.record.count).map { index throws(PortunusError) in try reader.record.string(at: index) }
        return (reader, try DeclarationRowDecoder(mapping: mapping, header: header))
    }

    /// Adds the single item of a following row to the declaration its id belongs to,
    /// numbering it by position unless the file numbers its items itself.
    func append(itemOf row: Declaration, to declaration: inout Declaration) {
        var item = row.items[0]
        if !hasItemSequence { item.sequence = declaration.items.count + 1 }
        declaration.items.append(item)
    }

    /// Where a model field sits in a row: its column when the file has one.
    func location(of pointer: String?, line: Int) -> PortunusError.Location {
        let pointer = pointer.map(DeclarationImport.firstItemPointer)
        for field in ColumnMapping.Field.allCases where field.pointer == pointer {
            if case .column(let index) = sources[field] {
                return .init(line: line, column: index + 1, columnName: header[index])
            }
        }
        return .init(line: line)
    }

    /// Decodes one record. The id is returned whenever it could be read, so that the rows of
    /// a declaration can be grouped even when one of them is bad.
    func decode(_ record: CSVRecord) -> (id: DeclarationID?, result: Decoded) {
        if record.count != header.count {
            let error = PortunusError(
                .fieldCount, "record has \(record.count) fields; the header has \(header.count)",
                location: .init(line: record.line, byteOffset: record.byteOffset))
            return (nil, Decoded.problems([error]))
        }
        var errors: [PortunusError] = []

        func location(_ field: ColumnMapping.Field) -> PortunusError.Location {
            if case .column(let index) = sources[field] {
                return .init(line: record.line, column: index + 1, columnName: header[index], byteOffset: record.byteOffset)
            }
            return .init(line: record.line, byteOffset: record.byteOffset)
        }
        func fail(_ error: PortunusError, _ field: ColumnMapping.Field) {
            var error = error.at(location(field))
            if error.field == nil || error.field!.hasPrefix("/country") || error.field == "/hs_code" || error.field == "/currency"
                || error.field == "/id"
            {
                error.field = field.pointer
            }
            errors.append(error)
        }
        /// Text of a field, nil when absent or empty.
        func text(_ field: ColumnMapping.Field) -> String? {
            switch sources[field] {
            case .column(let index):
                if record.isEmpty(at: index) { return nil }
                do {
                    let value = try record.string(at: index)
                    return value.isEmpty ? nil : value
                } catch {
                    fail(error, field)
                    return nil
                }
            case .constant(let value): return value.isEmpty ? nil : value
            case nil: return nil
            }
        }
        func required(_ field: ColumnMapping.Field, _ what: String) -> String? {
            guard let value = text(field) else {
                if field == .id {
                    fail(PortunusError(.missingID, "declaration id is required"), field)
                } else {
                    fail(PortunusError.missing(what, field: field.pointer), field)
                }
                return nil
            }
            return value
        }
        func decimal(_ field: ColumnMapping.Field, _ what: String, required isRequired: Bool = true) -> FixedDecimal? {
            switch sources[field] {
            case .column(let index):
                if record.isEmpty(at: index) {
                    if isRequired { fail(PortunusError.missing(what, field: field.pointer), field) }
                    return nil
                }
                if let value = record.withBytes(at: index, { FixedDecimal(utf8: $0) }) { return value }
                fail(PortunusError(.invalidNumber, "\(what) is not a decimal number", field: field.pointer), field)
                return nil
            case .constant(let value):
                if let number = FixedDecimal(value) { return number }
                fail(PortunusError(.invalidNumber, "constant for \(what) is not a decimal number", field: field.pointer), field)
                return nil
            case nil:
                return nil
            }
        }
        func date(_ field: ColumnMapping.Field, _ what: String, required isRequired: Bool) -> Date? {
            switch sources[field] {
            case .column(let index):
                if record.isEmpty(at: index) {
                    if isRequired { fail(PortunusError.missing(what, field: field.pointer), field) }
                    return nil
                }
                if let value = record.withBytes(at: index, { ISO8601.parse(utf8: $0) }) { return value }
                fail(PortunusError(.invalidDate, "\(what) is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)", field: field.pointer), field)
                return nil
            case .constant(let value):
                if let parsed = ISO8601.parse(value) { return parsed }
                fail(PortunusError(.invalidDate, "constant for \(what) is not an ISO 8601 date", field: field.pointer), field)
                return nil
            case nil:
                return nil
            }
        }
        func flag(_ field: ColumnMapping.Field) -> Bool? {
            guard let value = text(field) else { return nil }
            let spelling = flagSpellings[field] ?? .standard
            if spelling.trueValues.contains(value) { return true }
            if spelling.falseValues.contains(value) { return false }
            let lowered = value.lowercased()
            if spelling.trueValues.contains(lowered) { return true }
            if spelling.falseValues.contains(lowered) { return false }
            fail(PortunusError(.invalidFlag, "'\(value.prefix(8))' is not a yes/no value for \(field.rawValue)", field: field.pointer), field)
            return nil
        }
        func country(_ field: ColumnMapping.Field, _ what: String) -> Country? {
            guard let value = required(field, what) else { return nil }
            do { return try Country(value, field: field.pointer) } catch {
                fail(error, field)
                return nil
            }
        }

        // Identity first: it groups rows even when the rest is bad.
        var id: DeclarationID? = nil
        if let value = required(.id, "declaration id") {
            do { id = try DeclarationID(value) } catch { fail(error, .id) }
        }
        let lodgedAt = date(.lodgedAt, "lodgement date", required: true)
        let office = required(.office, "customs office")
        let processType = required(.processType, "process type")
        let importType = required(.importType, "import type")
        let importUse = required(.importUse, "import use")
        let paymentType = required(.paymentType, "payment type")
        let modeOfTransport = required(.modeOfTransport, "mode of transport")
        let declarant = required(.declarant, "declarant")
        let importer = required(.importer, "importer")
        let seller = text(.seller)
        let carrier = text(.carrier)

        var hsCode: HSCode? = nil
        if var digits = required(.hsCode, "HS code") {
            if let pad = mapping.padHSCodeTo, digits.utf8.count == pad - 1, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                digits = "0" + digits
            }
            do { hsCode = try HSCode(digits, field: ColumnMapping.Field.hsCode.pointer) } catch { fail(error, .hsCode) }
        }
        let origin = country(.countryOfOrigin, "country of origin")
        let departure = country(.countryOfDeparture, "country of departure")
        let originMarking = text(.originMarking)
        let netMass = decimal(.netMass, "net mass")
        let value = decimal(.customsValue, "customs value")
        var currency: Currency? = nil
        if let code = required(.currency, "currency") {
            do { currency = try Currency(code, field: ColumnMapping.Field.currency.pointer) } catch { fail(error, .currency) }
        }
        let dutyRate = decimal(.dutyRate, "duty rate")
        let taxType = required(.taxType, "tax type")
        var sequence = 1
        if sources[.itemSequence] != nil, let number = decimal(.itemSequence, "item sequence", required: false) {
            if number.scaledValue % FixedDecimal.unit == 0, number.scaledValue > 0, number.scaledValue / FixedDecimal.unit <= 9999 {
                sequence = Int(number.scaledValue / FixedDecimal.unit)
            } else {
                fail(
                    PortunusError(
                        .invalidNumber, "item sequence must be a whole number from 1 to 9999", field: ColumnMapping.Field.itemSequence.pointer),
                    .itemSequence)
            }
        }

        // Outcome: present when the row says whether fraud was found or what the inspection found.
        let fraud = flag(.fraud)
        let critical = flag(.critical)
        var result: InspectionOutcome.Result? = nil
        if let text = text(.inspectionResult) {
            result = InspectionOutcome.Result(rawValue: text)
            if result == nil {
                fail(
                    PortunusError(
                        .invalidFlag, "inspection result must be one of \(InspectionOutcome.Result.all.map(\.rawValue).joined(separator: ", "))",
                        field: ColumnMapping.Field.inspectionResult.pointer), .inspectionResult)
            }
        }
        let revenue = decimal(.revenueRecovered, "revenue recovered", required: false)
        let assessed = date(.assessedAt, "assessment time", required: false)
        let inspected = date(.inspectedAt, "inspection time", required: false)
        let released = date(.releasedAt, "release time", required: false)

        guard errors.isEmpty, let id, let lodgedAt, let office, let processType, let importType, let importUse,
            let paymentType, let modeOfTransport, let declarant, let importer, let hsCode, let origin, let departure,
            let netMass, let value, let currency, let dutyRate, let taxType
        else {
            return (id, Decoded.problems(errors))
        }
        var outcome: InspectionOutcome? = nil
        if fraud != nil || result != nil {
            let isFraud = fraud ?? false
            outcome = InspectionOutcome(
                result: result ?? (isFraud ? .irregularity : .noIrregularity), fraud: isFraud, critical: critical ?? false,
                revenueRecovered: revenue.map { Money($0, currency) })
        }
        let item = GoodsItem(
            sequence: sequence, hsCode: hsCode, countryOfOrigin: origin, countryOfDeparture: departure,
            originMarking: originMarking, netMass: netMass, customsValue: Money(value, currency), dutyRate: dutyRate, taxType: taxType)
        let declaration = Declaration(
            id: id, lodgedAt: lodgedAt, office: office,
            procedure: .init(
                processType: processType, importType: importType, importUse: importUse, paymentType: paymentType, modeOfTransport: modeOfTransport),
            parties: .init(declarant: declarant, importer: importer, seller: seller, carrier: carrier),
            items: [item],
            timeline: .init(lodged: lodgedAt, assessed: assessed, inspected: inspected, released: released),
            outcome: outcome)
        return (id, .declaration(declaration))
    }
}

/// A map from declaration field to value backed by an array: the decoder looks fields up
/// about thirty times per row.
struct FieldTable<Value> {
    private var values = [Value?](repeating: nil, count: ColumnMapping.Field.allCases.count)

    subscript(field: ColumnMapping.Field) -> Value? {
        get { values[field.ordinal] }
        set { values[field.ordinal] = newValue }
    }
}
