/// The three-letter codes ICAO Doc 9303 Part 3 allows for issuing states and nationalities.
public enum ICAOCountryCodes {
    /// ISO 3166-1 alpha-3, all 249 assigned codes (taken from Debian's iso-codes 3166-1 table).
    public static let iso: Set<String> = [
        "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA", "ATF", "ATG", "AUS", "AUT", "AZE", "BDI", "BEL", "BEN",
        "BES", "BFA", "BGD", "BGR", "BHR", "BHS", "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL", "BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF", "CAN",
        "CCK", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG", "COK", "COL", "COM", "CPV", "CRI", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DEU",
        "DJI", "DMA", "DNK", "DOM", "DZA", "ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO", "FSM", "GAB", "GBR",
        "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD", "GRL", "GTM", "GUF", "GUM", "GUY", "HKG", "HMD", "HND", "HRV",
        "HTI", "HUN", "IDN", "IMN", "IND", "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA", "JAM", "JEY", "JOR", "JPN", "KAZ", "KEN", "KGZ", "KHM",
        "KIR", "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY", "LCA", "LIE", "LKA", "LSO", "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA",
        "MDG", "MDV", "MEX", "MHL", "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTQ", "MUS", "MWI", "MYS", "MYT", "NAM",
        "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NOR", "NPL", "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER", "PHL", "PLW", "PNG", "POL",
        "PRI", "PRK", "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU", "SDN", "SEN", "SGP", "SGS", "SHN", "SJM", "SLB", "SLE",
        "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR", "SVK", "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK",
        "TKL", "TKM", "TLS", "TON", "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI", "URY", "USA", "UZB", "VAT", "VCT", "VEN", "VGB",
        "VIR", "VNM", "VUT", "WLF", "WSM", "YEM", "ZAF", "ZMB", "ZWE",
    ]

    /// Codes ICAO 9303 Part 3 adds: Germany's one-letter `D`; British nationals of the
    /// overseas territories and others (GBD, GBN, GBO, GBP, GBS); the European Union (EUE);
    /// the United Nations and its agencies (UNO, UNA) and UNMIK for Kosovo (UNK); the issuing
    /// organisations (XBA African Development Bank, XCC Caribbean Community, XCE Council of
    /// Europe, XCO COMESA, XDC Southern African Development Community, XEC ECOWAS, XES
    /// Organisation of Eastern Caribbean States, XIM African Export-Import Bank, XMP
    /// Parliamentary Assembly of the Mediterranean, XOM Sovereign Military Order of Malta, XPO
    /// Interpol); stateless persons and refugees (XXA, XXB, XXC) and unspecified nationality
    /// (XXX); Utopia (UTO), the fictional state of ICAO's specimens.
    public static let special: Set<String> = [
        "D", "GBD", "GBN", "GBO", "GBP", "GBS", "EUE", "UNO", "UNA", "UNK", "XBA", "XCC", "XCE", "XCO", "XDC", "XEC", "XES", "XIM", "XMP",
        "XOM", "XPO", "XXA", "XXB", "XXC", "XXX", "UTO",
    ]

    /// A code as the MRZ writes it (fillers removed) is known to ICAO 9303.
    public static func isKnown(_ code: String) -> Bool { iso.contains(code) || special.contains(code) }
}
