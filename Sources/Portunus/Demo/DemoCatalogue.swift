/// The goods, countries and offices of the demo administration: a small but realistic
/// picture of an importing country's trade, with HS 2022 codes, plausible duty rates, unit
/// values and the origins that really supply each product.
enum DemoCatalogue {
    struct Product {
        let hsCode: String
        let description: String
        /// Basic (MFN) duty rate in percent.
        let duty: Double
        /// Median customs value per kilogram, USD.
        let unitValue: Double
        /// Median net mass of a consignment line, kg.
        let typicalMass: Double
        /// Supplying countries and their shares.
        let origins: [(String, Double)]
        /// A lower-duty code that fraudsters declare instead (misclassification), if any.
        let lowerDutyCode: String?
        /// Goods whose fraud endangers public safety (weapons, precursors, tobacco).
        let sensitive: Bool

        init(
            _ hsCode: String, _ description: String, duty: Double, unitValue: Double, mass: Double,
            origins: [(String, Double)], lowerDutyCode: String? = nil, sensitive: Bool = false
        ) {
            self.hsCode = hsCode
            self.description = description
            self.duty = duty
            self.unitValue = unitValue
            self.typicalMass = mass
            self.origins = origins
            self.lowerDutyCode = lowerDutyCode
            self.sensitive = sensitive
        }
    }

    static let products: [Product] = [
        Product("847130", "portable computers", duty: 0, unitValue: 600, mass: 60, origins: [("CN", 6), ("VN", 2), ("TW", 1), ("MY", 1)]),
        Product("851713", "smartphones", duty: 0, unitValue: 900, mass: 25, origins: [("CN", 6), ("VN", 3), ("IN", 1)]),
        Product("851762", "network equipment", duty: 0, unitValue: 300, mass: 40, origins: [("CN", 5), ("TW", 2), ("US", 1), ("MX", 1)]),
        Product(
            "852872", "television receivers", duty: 8, unitValue: 25, mass: 400, origins: [("CN", 5), ("KR", 2), ("MX", 2), ("PL", 1)],
            lowerDutyCode: "852852"),
        Product("852852", "monitors for computers", duty: 0, unitValue: 45, mass: 200, origins: [("CN", 6), ("KR", 2), ("TW", 2)]),
        Product("854231", "processors and controllers", duty: 0, unitValue: 5000, mass: 2, origins: [("TW", 5), ("KR", 2), ("MY", 2), ("US", 1)]),
        Product(
            "610910", "cotton T-shirts", duty: 12, unitValue: 18, mass: 500, origins: [("BD", 4), ("CN", 3), ("VN", 3), ("IN", 2), ("TR", 1)],
            lowerDutyCode: "630790"),
        Product(
            "620342", "men's cotton trousers", duty: 12, unitValue: 22, mass: 400, origins: [("BD", 4), ("CN", 3), ("VN", 2), ("PK", 2)],
            lowerDutyCode: "630790"),
        Product("630790", "other made-up textile articles", duty: 5, unitValue: 8, mass: 600, origins: [("CN", 6), ("IN", 2), ("PK", 2)]),
        Product("640399", "leather footwear", duty: 10, unitValue: 35, mass: 300, origins: [("VN", 4), ("CN", 3), ("IT", 1), ("ID", 2)]),
        Product(
            "640299", "rubber and plastic footwear", duty: 17, unitValue: 12, mass: 350, origins: [("CN", 6), ("VN", 3), ("ID", 1)],
            lowerDutyCode: "640610"),
        Product("640610", "uppers and parts of footwear", duty: 5, unitValue: 10, mass: 300, origins: [("CN", 5), ("VN", 3), ("IN", 1)]),
        Product("420221", "leather handbags", duty: 3, unitValue: 120, mass: 60, origins: [("IT", 3), ("FR", 2), ("CN", 4)]),
        Product("910211", "wrist watches", duty: 4.5, unitValue: 800, mass: 5, origins: [("CH", 5), ("CN", 3), ("JP", 2)]),
        Product(
            "330499", "beauty and skin-care preparations", duty: 5, unitValue: 40, mass: 150, origins: [("FR", 3), ("KR", 3), ("US", 2), ("CN", 2)]),
        Product(
            "300490", "medicaments in doses", duty: 0, unitValue: 200, mass: 80, origins: [("DE", 3), ("IN", 3), ("CH", 2), ("US", 2)],
            sensitive: true),
        Product(
            "293339", "heterocyclic compounds (pyridine ring)", duty: 5, unitValue: 60, mass: 200, origins: [("CN", 5), ("IN", 4), ("DE", 1)],
            sensitive: true),
        Product(
            "220421", "wine in containers of 2 l or less", duty: 15, unitValue: 6, mass: 1500,
            origins: [("FR", 4), ("IT", 3), ("ES", 2), ("CL", 2), ("AU", 2)], lowerDutyCode: "220600"),
        Product("220600", "other fermented beverages", duty: 8, unitValue: 3, mass: 2000, origins: [("GB", 2), ("FR", 2), ("DE", 1)]),
        Product("220830", "whiskies", duty: 20, unitValue: 15, mass: 800, origins: [("GB", 6), ("US", 2), ("IE", 1), ("JP", 1)]),
        Product(
            "240220", "cigarettes containing tobacco", duty: 40, unitValue: 30, mass: 500, origins: [("ID", 3), ("TR", 2), ("AE", 2), ("CH", 1)],
            lowerDutyCode: "240399", sensitive: true),
        Product("240399", "other manufactured tobacco", duty: 20, unitValue: 12, mass: 800, origins: [("ID", 3), ("IN", 2), ("TR", 1)]),
        Product("090111", "coffee, not roasted", duty: 2, unitValue: 3.5, mass: 18000, origins: [("BR", 4), ("VN", 3), ("CO", 2), ("ET", 1)]),
        Product(
            "100630", "semi-milled or wholly milled rice", duty: 5, unitValue: 0.6, mass: 22000,
            origins: [("TH", 4), ("VN", 3), ("IN", 2), ("PK", 1)]),
        Product("170199", "cane or beet sugar", duty: 10, unitValue: 0.5, mass: 24000, origins: [("BR", 5), ("TH", 3), ("IN", 2)]),
        Product(
            "020230", "frozen boneless bovine meat", duty: 25, unitValue: 6, mass: 18000, origins: [("AU", 4), ("US", 3), ("BR", 2), ("NZ", 1)],
            lowerDutyCode: "020629"),
        Product("020629", "frozen edible bovine offal", duty: 18, unitValue: 2.5, mass: 18000, origins: [("AU", 3), ("US", 3), ("BR", 3)]),
        Product("030617", "frozen shrimps and prawns", duty: 12, unitValue: 9, mass: 12000, origins: [("VN", 3), ("IN", 3), ("EC", 2), ("TH", 2)]),
        Product("080810", "fresh apples", duty: 20, unitValue: 1.2, mass: 16000, origins: [("CL", 3), ("NZ", 3), ("US", 2), ("IT", 1)]),
        Product(
            "721049", "zinc-coated flat steel", duty: 5, unitValue: 0.9, mass: 60000, origins: [("CN", 5), ("KR", 2), ("IN", 2), ("JP", 1)],
            lowerDutyCode: "720839"),
        Product(
            "720839", "hot-rolled flat steel in coils", duty: 3, unitValue: 0.7, mass: 70000, origins: [("CN", 4), ("KR", 3), ("IN", 2), ("JP", 1)]),
        Product("760612", "aluminium alloy plates", duty: 6, unitValue: 3.2, mass: 20000, origins: [("CN", 5), ("IN", 2), ("AE", 2)]),
        Product("401110", "new pneumatic tyres for cars", duty: 8, unitValue: 4, mass: 6000, origins: [("CN", 4), ("TH", 3), ("JP", 2), ("KR", 1)]),
        Product(
            "870323", "passenger cars, 1,500–3,000 cc", duty: 10, unitValue: 15, mass: 1500, origins: [("DE", 4), ("JP", 3), ("KR", 2), ("US", 1)],
            lowerDutyCode: "870899"),
        Product("870899", "parts of motor vehicles", duty: 4.5, unitValue: 9, mass: 2500, origins: [("DE", 3), ("JP", 3), ("CN", 3), ("MX", 1)]),
        Product("940360", "wooden furniture", duty: 6, unitValue: 4, mass: 3000, origins: [("CN", 5), ("VN", 3), ("MY", 1), ("ID", 1)]),
        Product("950300", "toys and scale models", duty: 0, unitValue: 8, mass: 1200, origins: [("CN", 9), ("VN", 1)]),
        Product("392690", "other articles of plastics", duty: 6.5, unitValue: 7, mass: 900, origins: [("CN", 6), ("DE", 2), ("US", 2)]),
        Product("732393", "stainless-steel kitchenware", duty: 8, unitValue: 6, mass: 1100, origins: [("CN", 6), ("IN", 3), ("TR", 1)]),
        Product("841510", "air conditioners, window or wall", duty: 8, unitValue: 10, mass: 3500, origins: [("CN", 6), ("TH", 3), ("MY", 1)]),
        Product("850760", "lithium-ion accumulators", duty: 8, unitValue: 25, mass: 1500, origins: [("CN", 6), ("KR", 2), ("JP", 2)]),
        Product(
            "848520", "additive-manufacturing machines (plastics)", duty: 0, unitValue: 80, mass: 250, origins: [("CN", 5), ("US", 3), ("DE", 2)]),
        Product(
            "930200", "revolvers and pistols", duty: 20, unitValue: 400, mass: 25, origins: [("AT", 3), ("US", 3), ("BR", 2), ("TR", 2)],
            sensitive: true),
        Product("271019", "medium petroleum oils", duty: 5, unitValue: 0.8, mass: 120000, origins: [("AE", 4), ("SA", 3), ("SG", 3)]),
    ]

    /// Partners of the demo administration's free-trade agreements: goods of these origins
    /// may claim a preferential rate (tax type `F` + the partner's code).
    static let tradeAgreementPartners: Set<String> = ["KR", "CL", "AU", "VN", "MX", "CA", "GB", "CH", "NZ", "TR"]

    /// Hubs from which goods are often shipped on: origin and departure legitimately differ.
    static let transitHubs = ["SG", "HK", "AE", "NL", "BE"]

    enum OfficeKind { case seaport, airport, landBorder, expressHub, postal }

    struct Office {
        let code: String
        let kind: OfficeKind
        let weight: Double
        var modesOfTransport: [String] {
            switch kind {
            case .seaport: ["10"]
            case .airport, .expressHub: ["40"]
            case .landBorder: ["30", "20"]
            case .postal: ["50", "40"]
            }
        }
    }

    static let offices: [Office] = [
        Office(code: "SEA01", kind: .seaport, weight: 8), Office(code: "SEA02", kind: .seaport, weight: 5),
        Office(code: "SEA03", kind: .seaport, weight: 2), Office(code: "AIR01", kind: .airport, weight: 5),
        Office(code: "AIR02", kind: .airport, weight: 2), Office(code: "EXP01", kind: .expressHub, weight: 4),
        Office(code: "EXP02", kind: .expressHub, weight: 2), Office(code: "LND01", kind: .landBorder, weight: 3),
        Office(code: "LND02", kind: .landBorder, weight: 1), Office(code: "PST01", kind: .postal, weight: 1),
    ]

    static let couriers = ["CR-DHL", "CR-FDX", "CR-UPS", "CR-EMS", "CR-TNT", "CR-ARX"]
    static let importTypes: [(String, Double)] = [("11", 80), ("15", 8), ("21", 5), ("29", 4), ("86", 3)]
    static let importUses: [(String, Double)] = [("21", 60), ("11", 25), ("23", 10), ("31", 5)]
    static let paymentTypes: [(String, Double)] = [("11", 55), ("43", 25), ("13", 12), ("96", 8)]
    static let originMarkings: [(String, Double)] = [("G", 45), ("Y", 25), ("B", 15), ("N", 10), ("E", 5)]
}
