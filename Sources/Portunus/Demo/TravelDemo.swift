import Foundation
import PortunusCore

/// Demo travel data, generated from a seed: API passenger lists (PAXLST D02B) of flights
/// arriving at one airport over the next days, a watch list with a few listed people written
/// the way other sources write them (another romanisation, a typo, a missing middle name) and
/// two lost passports, and a small rule set. Every person is invented; names are drawn from
/// short per-origin lists.
public struct TravelDemo: Sendable {
    public struct Output: Sendable {
        public var files: [(name: String, data: Data)]
        public var watchList: String
        public var rules: String
        public var passengers: Int
    }

    public var flights: Int
    public var seed: UInt64
    /// The arrival airport (the demo's port of entry).
    public var port = "BRU"

    public init(flights: Int = 16, seed: UInt64 = 1) {
        self.flights = flights
        self.seed = seed
    }

    static let origins: [(airport: String, carrier: String, nationality: String, surnames: [String], given: [String])] = [
        (
            "PEK", "CA", "CHN", ["WANG", "LI", "ZHANG", "LIU", "CHEN", "YANG", "HUANG", "ZHAO", "ZHOU", "XU"],
            ["WEI", "FANG", "XIUYING", "JING", "MIN", "QIANG", "LEI", "JUN"]
        ),
        (
            "IST", "TK", "TUR", ["YILMAZ", "KAYA", "DEMIR", "SAHIN", "CELIK", "YILDIZ", "OZTURK", "AYDIN"],
            ["MEHMET", "AYSE", "MUSTAFA", "FATMA", "AHMET", "EMINE", "ALI", "ZEYNEP"]
        ),
        (
            "DXB", "EK", "ARE", ["AL MANSOURI", "AL HASHIMI", "HASSAN", "ABDULLAH", "AL FARSI", "IBRAHIM"],
            ["MOHAMMED", "FATIMA", "AHMED", "AISHA", "OMAR", "KHALID", "MARIAM"]
        ),
        (
            "SVO", "SU", "RUS", ["IVANOV", "SMIRNOV", "KUZNETSOV", "POPOV", "VASILYEV", "SOKOLOVA", "MIKHAILOVA"],
            ["ALEXANDER", "SERGEY", "ELENA", "OLGA", "DMITRY", "NATALIA", "YURI"]
        ),
        (
            "LOS", "WB", "NGA", ["OKAFOR", "ADEYEMI", "BELLO", "OKONKWO", "IBRAHIM", "EZE", "ADEBAYO"],
            ["CHINEDU", "NGOZI", "OLUWASEUN", "AMINA", "EMEKA", "FUNMILAYO", "TUNDE"]
        ),
        (
            "BOG", "AV", "COL", ["GARCIA", "RODRIGUEZ", "MARTINEZ", "LOPEZ", "GONZALEZ", "HERNANDEZ", "RAMIREZ"],
            ["JUAN", "MARIA", "CARLOS", "LUISA", "ANDRES", "VALENTINA", "JOSE"]
        ),
        (
            "JFK", "UA", "USA", ["SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "MILLER", "DAVIS", "WILSON"],
            ["JAMES", "MARY", "JOHN", "PATRICIA", "ROBERT", "JENNIFER", "MICHAEL"]
        ),
        (
            "FRA", "LH", "DEU", ["MUELLER", "SCHMIDT", "SCHNEIDER", "FISCHER", "WEBER", "MEYER", "WAGNER"],
            ["LUKAS", "ANNA", "FELIX", "LENA", "JONAS", "SOPHIE", "PAUL"]
        ),
    ]

    /// Other spellings of a listed name, as another source writes it.
    static func variant(_ name: String, _ kind: Int) -> String {
        let pairs = [("XIU", "HSIU"), ("ZH", "CH"), ("MOHAMMED", "MUHAMMAD"), ("Y", "I"), ("OV", "OFF"), ("UE", "U"), ("EI", "AY"), ("AH", "A")]
        switch kind {
        case 0:
            for (from, to) in pairs where name.contains(from) { return name.replacingOccurrences(of: from, with: to) }
            return name + "E"
        case 1: return String(name.dropLast())
        default: return name.split(separator: " ").reversed().joined(separator: " ")
        }
    }

    static func date(_ days: Int) -> (yymmdd: String, iso: String) {
        let (year, month, day) = ISO8601.civilFromDays(days)
        let iso = String(format: "%04d-%02d-%02d", year, month, day)
        return (String(format: "%02d%02d%02d", year % 100, month, day), iso)
    }

    public func generate(now: Date = Date()) -> Output {
        var random = SeededGenerator(seed: seed)
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        func number(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.next() % UInt64(range.count)) }
        let today = Int((now.timeIntervalSince1970 / 86_400).rounded(.down))
        var files: [(String, Data)] = []
        var listed: [String] = []
        var passengers = 0
        var lostDocuments: [(String, String)] = []
        for index in 0..<flights {
            let origin = Self.origins[index % Self.origins.count]
            let day = today + index % 3
            let hour = 6 + number(0...14)
            let minute = pick([0, 15, 30, 45])
            let departure = Self.date(day).yymmdd + String(format: "%02d%02d", hour, minute)
            let arrivalHour = min(hour + number(2...8), 23)
            let arrival = Self.date(day).yymmdd + String(format: "%02d%02d", arrivalHour, minute)
            let flight = origin.carrier + String(number(100...989))
            let reference = "D\(seed)\(index)"
            var segments = [
                "UNB+UNOA:4+\(origin.carrier):ZZ+BORDER:ZZ+\(Self.date(day).yymmdd):0500+\(reference)++PAXLST",
                "UNH+\(reference)+PAXLST:D:02B:UN:IATA",
                "BGM+745", "NAD+MS+++PORTUNUS DEMO", "TDT+20+\(flight)", "LOC+125+\(origin.airport)", "DTM+189:\(departure):201",
                "LOC+87+\(port)", "DTM+232:\(arrival):201",
            ]
            let count = number(60...160)
            var booking = ""
            var left = 0
            for _ in 0..<count {
                // A third travel with others of the same booking.
                if left == 0 {
                    booking = String(format: "%06X", random.next() % 0xFF_FFFF)
                    left = random.unit() < 0.3 ? number(2...4) : 1
                }
                left -= 1
                let foreign = random.unit() < 0.2 ? pick(Self.origins) : origin
                let surname = pick(foreign.surnames)
                let given = pick(foreign.given) + (random.unit() < 0.3 ? " " + pick(foreign.given) : "")
                let born = Self.date(today - number(18 * 365...75 * 365))
                let document = String(number(100_000_000...999_999_999))
                let expiry = Self.date(today + number(30...3650)).yymmdd
                segments += [
                    "NAD+FL+++\(surname):\(given.replacingOccurrences(of: " ", with: ":"))", "ATT+2++\(pick(["M", "F"]))", "DTM+329:\(born.yymmdd)",
                    "MEA+CT++\(number(0...3))", "MEA+WT++KGM:\(number(5...30))", "LOC+178+\(origin.airport)", "LOC+179+\(port)",
                    "NAT+2+\(foreign.nationality)", "RFF+AVF:\(booking)", "DOC+P+\(document)", "DTM+36:\(expiry)", "LOC+91+\(foreign.nationality)",
                ]
                passengers += 1
                // Some travellers are on the list, written as another source would write them.
                let roll = random.unit()
                if roll < 0.01 {
                    let name = Self.variant("\(given) \(surname)", number(0...2))
                    listed.append(
                        "L\(listed.count + 1),persons,\(pick(["narcotics", "terrorism", "fraud", "smuggling"])),\(number(1...3)),\(name),\(born.iso),\(foreign.nationality),,"
                    )
                } else if roll < 0.013 {
                    lostDocuments.append((document, foreign.nationality))
                }
            }
            segments += ["CNT+42:\(count)", "UNT+\(segments.count + 1)+\(reference)", "UNZ+1+\(reference)"]
            files.append(("demo-\(flight)-\(Self.date(day).iso).edi", Data((segments.joined(separator: "'\n") + "'\n").utf8)))
        }
        // Listed people who do not travel (born before any demo traveller, so that the short
        // name lists do not make them namesakes of passengers): most entries hit nobody.
        for index in 0..<300 {
            let origin = pick(Self.origins)
            let birth = Self.date(today - number(81 * 365...100 * 365)).iso
            listed.append(
                "X\(index + 1),persons,\(pick(["narcotics", "terrorism", "fraud", "smuggling"])),\(number(1...3)),\(pick(origin.given)) \(pick(origin.surnames)) \(pick(origin.surnames)),\(birth),\(origin.nationality),,"
            )
        }
        for (index, (document, country)) in lostDocuments.enumerated() {
            listed.append("S\(index + 1),lost-stolen-documents,lost-stolen,2,,,,\(document),\(country)")
        }
        let csv = "id,list,category,severity,name,birth_date,nationality,document_number,document_country\n" + listed.joined(separator: "\n") + "\n"
        let rules = """
            rules:
              - id: TRAVELS-WITH-LISTED
                when: { co_traveller_on_watch_list: true }
                then: { severity: high, flag: general }
                reason: "Booked together with a traveller on a watch list"
              - id: HEAVY-BAGS
                when:
                  all:
                    - bags: { at_least: 3 }
                    - bag_weight_kg: { at_least: 28 }
                then: { severity: normal, flag: smuggling }
                reason: "{bags} bags, {bag_weight_kg} kg"
              - id: PASSPORT-EXPIRING
                when: { document_expiry_days: { below: 45 } }
                then: { severity: normal, flag: general }
                reason: "Passport expires {document_expiry_days} days after departure"

            """
        return Output(files: files, watchList: csv, rules: rules, passengers: passengers)
    }
}
