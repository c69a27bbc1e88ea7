import PortunusCore
import Storage
import Tariff

/// The nomenclature as callers read it: every role may (`tariff.read`); the check is here,
/// with the reading, so the HTTP door only translates.
extension TariffService {
    /// A chapter list (no code) or one code with its children, in `edition`.
    public func browse(_ code: String?, edition: HSEdition, by principal: Principal) throws(PortunusError) -> Browse {
        try AccessPolicy.require(.readTariff, principal)
        return try browse(code, edition: edition)
    }

    /// Codes whose descriptions match `text`, at one level (2, 4 or 6 digits) or all.
    public func search(_ text: String, edition: HSEdition, level: Int?, limit: Int, by principal: Principal) throws(PortunusError)
        -> [StoredHSCode]
    {
        try AccessPolicy.require(.readTariff, principal)
        return try search(text, edition: edition, level: level, limit: limit)
    }

    /// Where a code of one edition goes in another.
    public func correlate(_ code: String, from: HSEdition, to: HSEdition, by principal: Principal) throws(PortunusError) -> [StoredHSLink] {
        try AccessPolicy.require(.readTariff, principal)
        return try correlate(code, from: from, to: to)
    }
}
