import PortunusCore

extension Currency {
    /// The number of digits of the currency's minor unit (ISO 4217): 2 for most, 0 for the yen
    /// and the won, 3 for the Gulf dinars, 4 for the Chilean and Uruguayan units of account.
    /// Funds and precious metals without a minor unit are given 2.
    public var minorUnitDigits: Int {
        if Self.noMinorUnit.contains(code) { return 0 }
        if Self.threeDigitMinorUnit.contains(code) { return 3 }
        if code == "CLF" || code == "UYW" { return 4 }
        return 2
    }

    private static let noMinorUnit: Set<String> = [
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
    ]
    private static let threeDigitMinorUnit: Set<String> = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]
}
