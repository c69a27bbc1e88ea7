import PortunusCore

/// What an examination found, as the examiner records it when closing it (ASYCUDA's inspection
/// act): per goods item, as declared or the facts corrected — code, origin, net mass, value,
/// supplementary quantities — with the seals found and the photos and documents taken, by their
/// SHA-256 (the files stay where they were taken; their hash proves them).
///
/// Corrections make a new version of the declaration (``corrected(_:)``), on which the duties are
/// assessed again; the first version is kept. The act's result and its fraud flags become the
/// inspection outcome the risk model learns from.
public struct InspectionAct: Sendable, Hashable, Codable {
    public enum Result: String, Sendable, Hashable, Codable {
        /// The goods are as declared.
        case asDeclared = "as_declared"
        /// Something differs: the findings say what.
        case discrepancy
    }

    /// One item's finding: what differs from the declaration (nil fields are as declared).
    public struct Finding: Sendable, Hashable, Codable {
        /// The item's sequence number in the declaration.
        public var item: Int
        public var hsCode: HSCode?
        public var countryOfOrigin: Country?
        public var netMass: FixedDecimal?
        public var customsValue: Money?
        public var supplementaryQuantities: [GoodsItem.Quantity]?
        public var note: String?

        public init(
            item: Int, hsCode: HSCode? = nil, countryOfOrigin: Country? = nil, netMass: FixedDecimal? = nil, customsValue: Money? = nil,
            supplementaryQuantities: [GoodsItem.Quantity]? = nil, note: String? = nil
        ) {
            self.item = item
            self.hsCode = hsCode
            self.countryOfOrigin = countryOfOrigin
            self.netMass = netMass
            self.customsValue = customsValue
            self.supplementaryQuantities = supplementaryQuantities
            self.note = note
        }

        /// The finding corrects a fact (rather than only noting something).
        public var corrects: Bool {
            hsCode != nil || countryOfOrigin != nil || netMass != nil || customsValue != nil || supplementaryQuantities != nil
        }

        enum CodingKeys: String, CodingKey {
            case item, note
            case hsCode = "hs_code", countryOfOrigin = "country_of_origin", netMass = "net_mass", customsValue = "customs_value"
            case supplementaryQuantities = "supplementary_quantities"
        }
    }

    /// A photo or document taken during the examination, by its hash.
    public struct Attachment: Sendable, Hashable, Codable {
        public var name: String
        /// Lower-case hexadecimal SHA-256 of the file.
        public var sha256: String

        public init(name: String, sha256: String) {
            self.name = name
            self.sha256 = sha256
        }
    }

    public var result: Result
    public var findings: [Finding]
    /// Seal numbers found on the means of transport or the container.
    public var seals: [String]
    public var attachments: [Attachment]
    /// The discrepancy was an attempt to evade duty or a prohibition.
    public var fraud: Bool
    /// The fraud threatens public safety.
    public var critical: Bool
    public var note: String?

    public init(
        result: Result, findings: [Finding] = [], seals: [String] = [], attachments: [Attachment] = [], fraud: Bool = false,
        critical: Bool = false, note: String? = nil
    ) {
        self.result = result
        self.findings = findings
        self.seals = seals
        self.attachments = attachments
        self.fraud = fraud
        self.critical = critical
        self.note = note
    }

    /// The act's problems, each with its pointer: findings for items the declaration does not
    /// have or named twice, corrections in an act that says "as declared", fraud without a
    /// discrepancy, attachments whose hash is not SHA-256, more than a few hundred of anything.
    public func problems(items: [GoodsItem]) -> [PortunusError] {
        var problems: [PortunusError] = []
        func problem(_ reason: String, _ field: String) { problems.append(PortunusError(.invalidArgument, reason, field: field)) }
        if findings.count > InputLimits.maximumItems { problem("at most \(InputLimits.maximumItems) findings", "/findings") }
        if seals.count > 64 { problem("at most 64 seals", "/seals") }
        if attachments.count > 256 { problem("at most 256 attachments", "/attachments") }
        var seen = Set<Int>()
        for (index, finding) in findings.enumerated() {
            if !items.contains(where: { $0.sequence == finding.item }) {
                problem("the declaration has no item \(finding.item)", "/findings/\(index)/item")
            }
            if !seen.insert(finding.item).inserted { problem("item \(finding.item) has two findings", "/findings/\(index)/item") }
            if result == .asDeclared, finding.corrects {
                problem("an act that finds the goods as declared corrects nothing", "/findings/\(index)")
            }
            if let note = finding.note, note.utf8.count > 2_000 { problem("a note is at most 2,000 bytes", "/findings/\(index)/note") }
        }
        if result == .asDeclared, fraud || critical { problem("fraud is a discrepancy", "/fraud") }
        for (index, seal) in seals.enumerated() where !InputLimits.isIdentifier(seal) {
            problem("a seal number is 1 to \(InputLimits.maximumIdentifierLength) letters, digits and - _ . :", "/seals/\(index)")
        }
        for (index, attachment) in attachments.enumerated() {
            let hex = attachment.sha256.utf8
            if hex.count != 64 || !hex.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) {
                problem("sha256 is 64 lower-case hexadecimal digits", "/attachments/\(index)/sha256")
            }
            if attachment.name.isEmpty || attachment.name.utf8.count > 200 { problem("a name is 1 to 200 bytes", "/attachments/\(index)/name") }
        }
        if let note, note.utf8.count > 4_000 { problem("a note is at most 4,000 bytes", "/note") }
        return problems
    }

    /// The goods items with the findings' corrections applied, or nil when nothing is corrected.
    public func corrected(_ items: [GoodsItem]) -> [GoodsItem]? {
        guard findings.contains(where: \.corrects) else { return nil }
        var corrected = items
        for finding in findings where finding.corrects {
            guard let index = corrected.firstIndex(where: { $0.sequence == finding.item }) else { continue }
            if let code = finding.hsCode { corrected[index].hsCode = code }
            if let origin = finding.countryOfOrigin { corrected[index].countryOfOrigin = origin }
            if let mass = finding.netMass { corrected[index].netMass = mass }
            if let value = finding.customsValue { corrected[index].customsValue = value }
            if let quantities = finding.supplementaryQuantities { corrected[index].supplementaryQuantities = quantities }
        }
        return corrected
    }

    /// The outcome the risk model learns from.
    public var outcome: InspectionOutcome {
        InspectionOutcome(result: result == .asDeclared ? .noIrregularity : .irregularity, fraud: fraud, critical: critical)
    }

    enum CodingKeys: String, CodingKey {
        case result, findings, seals, attachments, fraud, critical, note
    }

    /// Only `result` is required; the lists default to empty and the flags to false.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        result = try container.decode(Result.self, forKey: .result)
        findings = try container.decodeIfPresent([Finding].self, forKey: .findings) ?? []
        seals = try container.decodeIfPresent([String].self, forKey: .seals) ?? []
        attachments = try container.decodeIfPresent([Attachment].self, forKey: .attachments) ?? []
        fraud = try container.decodeIfPresent(Bool.self, forKey: .fraud) ?? false
        critical = try container.decodeIfPresent(Bool.self, forKey: .critical) ?? false
        note = try container.decodeIfPresent(String.self, forKey: .note)
    }
}
