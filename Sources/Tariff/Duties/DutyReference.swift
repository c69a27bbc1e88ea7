/// A part of a duty that the rate text does not state but points to: the duty of the
/// subheading a US chapter 99 line adds to, an EU/UK agricultural component that the Meursing
/// table gives, or a rate in another place of the schedule ("the rate applicable to the
/// natural juice in heading 2009").
///
/// An expression holds the reference; the calculation is given its amount (``DutyBase``),
/// found by whoever knows the goods: the tariff store resolves the applicable subheading,
/// the Meursing additional code gives the agricultural components, an officer reads a note.
/// Without the amount, a calculation refuses with `tariff.duty_input`, naming the reference —
/// never a silent zero.
///
/// References are equal when their ``wording`` is: the known ones are static members, and a
/// schedule's own words make the others.
public struct DutyReference: Sendable, Hashable, CustomStringConvertible {
    /// What the tariff points to, in its words (or the UK's abbreviation for a Meursing component).
    public let wording: String

    public init(wording: String) { self.wording = wording }

    public var description: String { wording }

    /// The duty of the subheading that applies to the goods: what a US chapter 99 line adds to
    /// ("The duty provided in the applicable subheading + 25%"), and what "No change" leaves.
    public static let applicableSubheading = DutyReference(wording: "the duty provided in the applicable subheading")

    /// EU/UK agricultural component (duty expression 12, `EA`), from the Meursing table.
    public static let agriculturalComponent = DutyReference(wording: "EA")
    /// Reduced agricultural component (duty expression 14, `EAR`).
    public static let reducedAgriculturalComponent = DutyReference(wording: "EAR")
    /// Additional duty on sugar (duty expression 21, `ADSZ`).
    public static let additionalDutyOnSugar = DutyReference(wording: "ADSZ")
    /// Reduced additional duty on sugar (duty expression 25, `ADSZR`).
    public static let reducedAdditionalDutyOnSugar = DutyReference(wording: "ADSZR")
    /// Additional duty on flour (duty expression 27, `ADFM`).
    public static let additionalDutyOnFlour = DutyReference(wording: "ADFM")
    /// Reduced additional duty on flour (duty expression 29, `ADFMR`).
    public static let reducedAdditionalDutyOnFlour = DutyReference(wording: "ADFMR")

    /// The Meursing components by their abbreviation in UK and EU duty expressions.
    public static let meursing: [String: DutyReference] = [
        "EA": .agriculturalComponent, "EAR": .reducedAgriculturalComponent, "ADSZ": .additionalDutyOnSugar,
        "ADSZR": .reducedAdditionalDutyOnSugar, "ADFM": .additionalDutyOnFlour, "ADFMR": .reducedAdditionalDutyOnFlour,
    ]
}
