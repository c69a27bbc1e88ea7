import PortunusCore

/// A validated declaration on its way into the store, with what the import learned about it.
public struct StoredDeclaration: Sendable {
    public var declaration: Declaration
    /// Warnings found while validating (zero mass, zero value), kept with the declaration.
    public var warnings: [PortunusError]
    /// Line of the input file on which the declaration's first row was, for traceability.
    public var sourceLine: Int?
    /// The lodging trader's own reference, unique per party, when Portunus assigned the id.
    public var reference: Reference?

    /// A trader's reference for a declaration (a local reference number), and its party.
    public struct Reference: Sendable, Hashable {
        public var party: String
        public var reference: String

        public init(party: String, reference: String) {
            self.party = party
            self.reference = reference
        }
    }

    public init(declaration: Declaration, warnings: [PortunusError] = [], sourceLine: Int? = nil, reference: Reference? = nil) {
        self.declaration = declaration
        self.warnings = warnings
        self.sourceLine = sourceLine
        self.reference = reference
    }

    /// What happened to one declaration of a batch.
    public enum Outcome: Sendable, Hashable {
        /// Stored now.
        case inserted
        /// A declaration with this id and the same content was already stored.
        case alreadyPresent
        /// A declaration with this id but different content is stored; nothing was changed.
        case conflict
    }
}

extension Declaration {
    /// A stable 64-bit fingerprint of the declaration's content (FNV-1a over a canonical
    /// text form). Re-importing identical content is recognised as "already present"; the same
    /// id with different content is a conflict, never a silent overwrite.
    public var contentHash: Int64 {
        var hasher = FNV1a()
        hasher.mix(id.rawValue)
        hasher.mix(Int64(saturating: lodgedAt.timeIntervalSince1970.rounded(.down)))  // total: a time of 1e300 or NaN hashes, not traps
        hasher.mix(office)
        hasher.mix(procedure.processType)
        hasher.mix(procedure.importType)
        hasher.mix(procedure.importUse)
        hasher.mix(procedure.paymentType)
        hasher.mix(procedure.modeOfTransport)
        hasher.mix(parties.declarant)
        hasher.mix(parties.importer)
        hasher.mix(parties.seller)
        hasher.mix(parties.carrier)
        for item in items {
            hasher.mix(Int64(item.sequence))
            hasher.mix(item.hsCode.digits)
            hasher.mix(item.countryOfOrigin.code)
            hasher.mix(item.countryOfDeparture.code)
            hasher.mix(item.originMarking)
            hasher.mix(item.netMass.scaledValue)
            hasher.mix(item.customsValue.amount.scaledValue)
            hasher.mix(item.customsValue.currency.code)
            hasher.mix(item.dutyRate.scaledValue)
            hasher.mix(item.taxType)
            // Mixed only when declared, so the hash of an item without them is what it always was.
            if item.hasDutyFacts {
                for quantity in item.supplementaryQuantities {
                    hasher.mix(quantity.unit)
                    hasher.mix(quantity.amount.scaledValue)
                }
                hasher.mix(Int64(item.additionalCodes.count))
                for code in item.additionalCodes { hasher.mix(code) }
                hasher.mix(item.preference?.agreement)
                hasher.mix(item.preference?.proof)
            }
        }
        if let outcome {
            hasher.mix(outcome.result.rawValue)
            hasher.mix(Int64(outcome.fraud ? 1 : 0))
            hasher.mix(Int64(outcome.critical ? 1 : 0))
            hasher.mix(outcome.revenueRecovered?.amount.scaledValue ?? -1)
            hasher.mix(outcome.revenueRecovered?.currency.code)
        }
        return Int64(bitPattern: hasher.value)
    }
}

/// 64-bit FNV-1a with a separator after every value, so that ("ab", "c") and ("a", "bc")
/// differ. Stable across runs and platforms, unlike `Hasher`.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    mutating func mix(byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* FNV1a.prime
    }

    mutating func mix(_ text: String?) {
        guard var text else {
            mix(byte: 0x00)
            mix(byte: 0x1F)
            return
        }
        text.withUTF8 { for byte in $0 { mix(byte: byte) } }
        mix(byte: 0x1F)
    }

    mutating func mix(_ number: Int64) {
        var bits = UInt64(bitPattern: number)
        for _ in 0..<8 {
            mix(byte: UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
        mix(byte: 0x1F)
    }
}
