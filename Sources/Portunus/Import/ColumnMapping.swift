import Foundation
import PortunusCore

/// How the columns of a CSV file map to the fields of a declaration.
///
/// Every layout — the built-in KCS layout of the public Korean data set, Portunus's own
/// layout written by the demo generator, or a broker's export described in a JSON file — is
/// a `ColumnMapping`, so all of them go through one import path with one set of checks.
/// A field takes its value from the first of its candidate columns present in the header, or
/// else from a constant. Rows that share a declaration id and follow each other are the
/// goods items of one declaration.
///
/// A mapping file:
/// ```json
/// {
///   "name": "broker-export",
///   "columns": { "id": "DeclNo", "lodgedAt": "Accepted", "hsCode": ["HS10", "HS"], ... },
///   "constants": { "currency": "EUR", "processType": "B" },
///   "flags": { "fraud": { "true": ["Y"], "false": ["N", ""] } },
///   "padHSCodeTo": 10,
///   "delimiter": ";"
/// }
/// ```
public struct ColumnMapping: Sendable, Hashable {
    /// The declaration fields a column can feed.
    public enum Field: String, CaseIterable, Sendable, Hashable, Comparable {
        case id, lodgedAt, office
        case processType, importType, importUse, paymentType, modeOfTransport
        case declarant, importer, seller, carrier
        case itemSequence, hsCode, countryOfOrigin, countryOfDeparture, originMarking
        case netMass, customsValue, currency, dutyRate, taxType
        case inspectionResult, fraud, critical, revenueRecovered
        case assessedAt, inspectedAt, releasedAt

        /// Fields every declaration must have, from a column or a constant.
        public static let required: [Field] = [
            .id, .lodgedAt, .office, .processType, .importType, .importUse, .paymentType, .modeOfTransport,
            .declarant, .importer, .hsCode, .countryOfOrigin, .countryOfDeparture, .netMass, .customsValue,
            .currency, .dutyRate, .taxType,
        ]

        /// JSON pointer of the model field, used in error reports: the declaration's own
        /// snake_case key, whatever the field is called in a mapping file.
        public var pointer: String {
            switch self {
            case .id: "/id"
            case .lodgedAt: "/lodged_at"
            case .office: "/office"
            case .processType: "/procedure/process_type"
            case .importType: "/procedure/import_type"
            case .importUse: "/procedure/import_use"
            case .paymentType: "/procedure/payment_type"
            case .modeOfTransport: "/procedure/mode_of_transport"
            case .declarant, .importer, .seller, .carrier: "/parties/\(rawValue)"
            case .itemSequence: "/items/0/sequence"
            case .currency: "/items/0/customs_value/currency"
            case .customsValue: "/items/0/customs_value/amount"
            case .hsCode: "/items/0/hs_code"
            case .countryOfOrigin: "/items/0/country_of_origin"
            case .countryOfDeparture: "/items/0/country_of_departure"
            case .originMarking: "/items/0/origin_marking"
            case .netMass: "/items/0/net_mass"
            case .dutyRate: "/items/0/duty_rate"
            case .taxType: "/items/0/tax_type"
            case .inspectionResult: "/outcome/result"
            case .fraud, .critical: "/outcome/\(rawValue)"
            case .revenueRecovered: "/outcome/revenue_recovered"
            case .assessedAt: "/timeline/assessed"
            case .inspectedAt: "/timeline/inspected"
            case .releasedAt: "/timeline/released"
            }
        }

        /// Position in `allCases`, for array-backed lookups on the import's hot path.
        var ordinal: Int {
            switch self {
            case .id: 0
            case .lodgedAt: 1
            case .office: 2
            case .processType: 3
            case .importType: 4
            case .importUse: 5
            case .paymentType: 6
            case .modeOfTransport: 7
            case .declarant: 8
            case .importer: 9
            case .seller: 10
            case .carrier: 11
            case .itemSequence: 12
            case .hsCode: 13
            case .countryOfOrigin: 14
            case .countryOfDeparture: 15
            case .originMarking: 16
            case .netMass: 17
            case .customsValue: 18
            case .currency: 19
            case .dutyRate: 20
            case .taxType: 21
            case .inspectionResult: 22
            case .fraud: 23
            case .critical: 24
            case .revenueRecovered: 25
            case .assessedAt: 26
            case .inspectedAt: 27
            case .releasedAt: 28
            }
        }

        public static func < (lhs: Field, rhs: Field) -> Bool { lhs.ordinal < rhs.ordinal }
    }

    /// How a yes/no column spells its values.
    public struct FlagSpelling: Sendable, Hashable {
        public var trueValues: Set<String>
        public var falseValues: Set<String>
        public static let standard = FlagSpelling(trueValues: ["1", "true", "yes", "y"], falseValues: ["0", "false", "no", "n"])
        public init(trueValues: Set<String>, falseValues: Set<String>) {
            self.trueValues = Set(trueValues.map { $0.lowercased() })
            self.falseValues = Set(falseValues.map { $0.lowercased() })
        }
    }

    /// A short name for reports (`kcs`, `portunus`, or the file's own).
    public var name: String
    /// Candidate header names per field; the first one present in the file is used.
    public var columns: [Field: [String]]
    /// Values for fields that have no column.
    public var constants: [Field: String]
    /// Spellings of yes/no fields (`fraud`, `critical`); `standard` when absent.
    public var flags: [Field: FlagSpelling]
    /// Left-pads HS codes that are exactly one digit short of this length with a zero: files
    /// that stored a 10-digit code as a number lost the zero of chapters 01–09.
    public var padHSCodeTo: Int?
    public var delimiter: UInt8

    public init(
        name: String, columns: [Field: [String]], constants: [Field: String] = [:], flags: [Field: FlagSpelling] = [:],
        padHSCodeTo: Int? = nil, delimiter: UInt8 = UInt8(ascii: ",")
    ) {
        self.name = name
        self.columns = columns
        self.constants = constants
        self.flags = flags
        self.padHSCodeTo = padHSCodeTo
        self.delimiter = delimiter
    }
}

extension ColumnMapping {
    /// The layout of the *Customs Import Declaration Datasets* (Korea Customs Service, 2022),
    /// both the current 6-digit files and the older `HS10 Code` files. Values are in KRW;
    /// `Critical Fraud` is 0, 1 (fraud) or 2 (critical fraud). Every row of these files is
    /// an inspected declaration, so each carries an inspection outcome.
    public static let kcs = ColumnMapping(
        name: "kcs",
        columns: [
            .id: ["Declaration ID"], .lodgedAt: ["Date"], .office: ["Office ID"],
            .processType: ["Process Type"], .importType: ["Import Type"], .importUse: ["Import Use"],
            .paymentType: ["Payment Type"], .modeOfTransport: ["Mode of Transport"],
            .declarant: ["Declarant ID"], .importer: ["Importer ID"], .seller: ["Seller ID"], .carrier: ["Courier ID"],
            .hsCode: ["HS6 Code", "HS10 Code"], .countryOfDeparture: ["Country of Departure"],
            .countryOfOrigin: ["Country of Origin"], .dutyRate: ["Tax Rate"], .taxType: ["Tax Type"],
            .originMarking: ["Country of Origin Indicator"], .netMass: ["Net Mass"], .customsValue: ["Item Price"],
            .fraud: ["Fraud"], .critical: ["Critical Fraud"],
        ],
        constants: [.currency: "KRW"],
        flags: [.critical: FlagSpelling(trueValues: ["2"], falseValues: ["0", "1"])],
        padHSCodeTo: 10)

    /// Portunus's own CSV layout: one row per goods item, columns named after the fields.
    /// `portunus demo generate` writes it; `portunus import declarations --format portunus` reads it.
    public static let portunus: ColumnMapping = {
        var columns: [Field: [String]] = [:]
        for field in Field.allCases { columns[field] = [field.rawValue] }
        return ColumnMapping(name: "portunus", columns: columns)
    }()

    /// The built-in layouts by name.
    public static let builtIn: [String: ColumnMapping] = ["kcs": .kcs, "portunus": .portunus]

    /// Reads a mapping from a JSON file. Unknown keys and unknown field names are errors, so
    /// a misspelt field is never silently ignored.
    public static func load(path: String) throws(PortunusError) -> ColumnMapping {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw PortunusError(.io, "cannot read the mapping file: \(error.localizedDescription)")
        }
        return try parse(json: data, defaultName: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
    }

    public static func parse(json data: Data, defaultName: String = "custom") throws(PortunusError) -> ColumnMapping {
        func invalid(_ reason: String, _ pointer: String) -> PortunusError {
            PortunusError(.invalidMapping, reason, field: pointer)
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw invalid("the mapping file is not a JSON object", "")
        }
        let known: Set<String> = ["name", "columns", "constants", "flags", "padHSCodeTo", "delimiter"]
        for key in object.keys.sorted() where !known.contains(key) {
            throw invalid("unknown key '\(key)'; expected one of \(known.sorted().joined(separator: ", "))", "/\(key)")
        }
        func field(_ name: String, _ pointer: String) throws(PortunusError) -> Field {
            guard let field = Field(rawValue: name) else {
                throw invalid("unknown field '\(name)'; fields are \(Field.allCases.map(\.rawValue).joined(separator: ", "))", pointer)
            }
            return field
        }
        var mapping = ColumnMapping(name: object["name"] as? String ?? defaultName, columns: [:])
        guard let columns = object["columns"] as? [String: Any] else { throw invalid("'columns' must be an object", "/columns") }
        for (name, value) in columns {
            let target = try field(name, "/columns/\(name)")
            if let single = value as? String {
                mapping.columns[target] = [single]
            } else if let list = value as? [String], !list.isEmpty {
                mapping.columns[target] = list
            } else {
                throw invalid("a column must be a header name or a list of them", "/columns/\(name)")
            }
        }
        if let constants = object["constants"] {
            guard let constants = constants as? [String: String] else { throw invalid("'constants' must map fields to strings", "/constants") }
            for (name, value) in constants { mapping.constants[try field(name, "/constants/\(name)")] = value }
        }
        if let flags = object["flags"] {
            guard let flags = flags as? [String: [String: [String]]] else {
                throw invalid("'flags' must map fields to {\"true\": [...], \"false\": [...]}", "/flags")
            }
            for (name, spelling) in flags {
                let target = try field(name, "/flags/\(name)")
                guard let yes = spelling["true"], let no = spelling["false"] else {
                    throw invalid("a flag needs both \"true\" and \"false\" spellings", "/flags/\(name)")
                }
                mapping.flags[target] = FlagSpelling(trueValues: Set(yes), falseValues: Set(no))
            }
        }
        if let pad = object["padHSCodeTo"] {
            guard let pad = pad as? Int, [6, 8, 10].contains(pad) else { throw invalid("'padHSCodeTo' must be 6, 8 or 10", "/padHSCodeTo") }
            mapping.padHSCodeTo = pad
        }
        if let delimiter = object["delimiter"] {
            guard let delimiter = delimiter as? String, delimiter.utf8.count == 1, let byte = delimiter.utf8.first,
                byte != 0x22, byte != 0x0A, byte != 0x0D
            else {
                throw invalid("'delimiter' must be one ASCII character other than a quote or line break", "/delimiter")
            }
            mapping.delimiter = byte
        }
        for required in Field.required where mapping.columns[required] == nil && mapping.constants[required] == nil {
            throw invalid("field '\(required.rawValue)' needs a column or a constant", "/columns/\(required.rawValue)")
        }
        return mapping
    }
}
