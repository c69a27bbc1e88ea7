/// A line of a national tariff as a browser shows it: the commodity code, its description and
/// the units its quantities are declared in.
///
/// Lines are what a reader of a tariff file gives besides its measures (``NationalTariffFile``):
/// a measure says what is charged, a line says what the code is. The units are written as the
/// source writes them (`kg`, `No.`, `doz. prs.` in the US schedule; `l`, `p/st` for the UK's
/// supplementary units), without folding, so that a browser shows the tariff's own words.
public struct TariffLine: Sendable, Hashable {
    /// The national code, digits only.
    public var code: String
    /// The article description, as the tariff words it.
    public var description: String
    /// Statistical or supplementary units, as the source writes them.
    public var units: [String]
    /// The first day the line is valid, when the source says.
    public var from: CalendarDay?

    public init(code: String, description: String, units: [String] = [], from: CalendarDay? = nil) {
        self.code = code
        self.description = description
        self.units = units
        self.from = from
    }
}
