import PortunusCore

/// A validated declaration on its way into the store, with what the import learned about it.
public struct StoredDeclaration: Sendable {
    public var declaration: Declaration
    /// Warnings found while validating (zero mass, zero value), kept with the declaration.
    public var warnings: [PortunusError]
    /// Line of the input file on which the declaration's first row was, for traceability.
    public var sourceLine: Int?

    public init(declaration: Declaration, warnings: [PortunusError] = [], sourceLine: Int? = nil) {
        self.declaration = declaration
        self.warnings = warnings
        self.sourceLine = sourceLine
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
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            hash ^= 0x1F  // unit separator: "ab","c" differs from "a","bc"
            hash = hash &* 0x0000_0100_0000_01B3
        }
        mix(id.rawValue)
        mix(ISO8601.format(lodgedAt))
        mix(office)
        mix(procedure.processType); mix(procedure.importType); mix(procedure.importUse)
        mix(procedure.paymentType); mix(procedure.modeOfTransport)
        mix(parties.declarant); mix(parties.importer); mix(parties.seller ?? "\u{0}"); mix(parties.carrier ?? "\u{0}")
        for item in items {
            mix(String(item.sequence)); mix(item.hsCode.digits)
            mix(item.countryOfOrigin.code); mix(item.countryOfDeparture.code); mix(item.originMarking ?? "\u{0}")
            mix(String(item.netMass.scaledValue)); mix(String(item.customsValue.amount.scaledValue))
            mix(item.customsValue.currency.code); mix(String(item.dutyRate.scaledValue)); mix(item.taxType)
        }
        if let outcome {
            mix(outcome.result.rawValue); mix(outcome.fraud ? "1" : "0"); mix(outcome.critical ? "1" : "0")
            if let revenue = outcome.revenueRecovered { mix(revenue.description) }
        }
        return Int64(bitPattern: hash)
    }
}
