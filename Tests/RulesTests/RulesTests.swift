import Foundation
import Testing

@testable import Rules

let catalogue = FieldCatalogue(
    fields: [
        "hs_heading": .init(.text, "HS heading (4 digits)"),
        "origin": .init(.text, "country of origin"),
        "unit_value_ratio": .init(.number, "unit value / HS6 × origin median"),
        "importer_days_seen": .init(.number, "days since the importer was first seen"),
        "aeo": .init(.bool, "the importer is an authorised economic operator"),
        "description": .init(.text, "goods description"),
        "score": .init(.number, "model score"),
    ],
    lanes: ["red", "yellow", "blue", "green"])

struct Facts: RuleFacts {
    var values: [String: RuleValue]
    func value(of field: String) -> RuleValue? { values[field] }
}

let sample = Facts(values: [
    "hs_heading": .text("6109"), "origin": .text("CN"), "unit_value_ratio": .number(0.27), "importer_days_seen": .number(5),
    "aeo": .bool(false), "description": .text("Cotton T-shirts, knitted"), "score": .number(0.42),
])

func hits(_ yaml: String, _ facts: Facts = sample) throws -> [RuleHit] {
    try RuleSetLoader.load(yaml: yaml, catalogue: catalogue).evaluate(facts)
}

func rule(_ when: String) -> String {
    """
    rules:
      - id: R1
        when: \(when)
        then: { flag: hit }
        reason: hit
    """
}

@Suite("Rule sets")
struct RulesTests {
    @Test("the issue's examples: HS heading and origin in lists, unit value below a share of the median, a new importer")
    func examples() throws {
        let yaml = """
            description: Textile undervaluation and new importers
            rules:
              - id: TEXTILES-UNDERVALUED
                when:
                  all:
                    - hs_heading: { in: ["6109", "6110"] }
                    - origin: { in: [CN, VN] }
                    - unit_value_ratio: { below: 0.3 }
                then: { lane: red, flag: undervaluation }
                reason: "Declared at {unit_value_ratio:%} of the usual unit value for heading {hs_heading} from {origin}"
              - id: NEW-IMPORTER
                when: { importer_days_seen: { below: 30 } }
                then: { add_score: 0.15 }
                reason: "Importer first seen {importer_days_seen} days ago"
              - id: AEO-ONLY
                when: { aeo: true }
                then: { lane: green }
                reason: "Authorised economic operator"
            """
        let result = try hits(yaml)
        #expect(result.map(\.ruleID) == ["TEXTILES-UNDERVALUED", "NEW-IMPORTER"])
        #expect(result[0].reason == "Declared at 27% of the usual unit value for heading 6109 from CN")
        #expect(result[0].effect == Effect(lane: "red", addScore: nil, flag: "undervaluation"))
        #expect(result[1].reason == "Importer first seen 5 days ago")
        #expect(result[1].effect.addScore == 0.15)
        let set = try RuleSetLoader.load(yaml: yaml, catalogue: catalogue)
        #expect(set.source == yaml)
        #expect(set.rules.map(\.line) == [3, 11, 15])
    }

    @Test(
        "every operator, and all / any / not",
        arguments: [
            ("{ origin: CN }", true), ("{ origin: VN }", false), ("{ origin: { equals: CN } }", true), ("{ origin: { not_equals: CN } }", false),
            ("{ origin: { in: [VN, CN] } }", true), ("{ origin: { not_in: [VN, CN] } }", false),
            ("{ score: { below: 0.42 } }", false), ("{ score: { at_most: 0.42 } }", true), ("{ score: { above: 0.42 } }", false),
            ("{ score: { at_least: 0.42 } }", true), ("{ score: { between: [0.4, 0.5] } }", true), ("{ score: { between: [0.5, 0.9] } }", false),
            ("{ description: { matches: '^Cotton.*knit' } }", true), ("{ description: { matches: '^Wool' } }", false),
            ("{ description: { contains: t-shirt } }", true), ("{ description: { starts_with: Cot } }", true),
            ("{ description: { starts_with: cot } }", false), ("{ aeo: false }", true), ("{ aeo: { exists: true } }", true),
            ("{ importer_days_seen: { exists: false } }", false),
            ("{ all: [ { origin: CN }, { score: { above: 0.5 } } ] }", false), ("{ any: [ { origin: VN }, { score: { above: 0.4 } } ] }", true),
            ("{ not: { origin: CN } }", false), ("{ not: { any: [ { origin: VN }, { aeo: true } ] } }", true),
            ("{ origin: { in: [CN] }, score: { above: 0.1, below: 0.5 } }", true), ("{ origin: { in: [CN] }, score: { above: 0.5 } }", false),
        ])
    func operators(condition: String, expected: Bool) throws {
        #expect(try !hits(rule(condition)).isEmpty == expected, "\(condition)")
    }

    @Test("withheld fields can be tested but their values are never printed in a reason")
    func withheld() throws {
        var guarded = catalogue
        guarded.fields["importer"] = .init(.text, "importer id")
        guarded.withheld = ["importer"]
        let yaml =
            "rules:\n  - id: W\n    when: { importer: { in: [IMP-42] } }\n    then: { flag: watch }\n    reason: 'watched importer {importer} from {origin}'\n"
        var facts = sample
        facts.values["importer"] = .text("IMP-42")
        let result = try RuleSetLoader.load(yaml: yaml, catalogue: guarded).evaluate(facts)
        #expect(result.first?.reason == "watched importer [importer withheld] from CN")
    }

    @Test("an absent value satisfies no comparison, only `exists: false`")
    func absent() throws {
        let facts = Facts(values: ["origin": .text("CN")])
        #expect(try hits(rule("{ score: { below: 1 } }"), facts).isEmpty)
        #expect(try hits(rule("{ score: { not_equals: 1 } }"), facts).isEmpty)
        #expect(try !hits(rule("{ score: { exists: false } }"), facts).isEmpty)
        #expect(try hits(rule("{ not: { score: { exists: false } } }"), facts).isEmpty)
    }

    @Test(
        "errors name the line, the rule and the field",
        arguments: [
            ("rules:\n  - id: A\n    when: { colour: red }\n    then: { flag: x }\n    reason: r\n", "rules.unknown_field", 3, "A", "colour"),
            ("rules:\n  - id: A\n    when: { origin: { like: CN } }\n    then: { flag: x }\n    reason: r\n", "rules.operator", 3, "A", "origin"),
            ("rules:\n  - id: A\n    when: { score: { below: high } }\n    then: { flag: x }\n    reason: r\n", "rules.type", 3, "A", "score"),
            ("rules:\n  - id: A\n    when: { origin: { below: 3 } }\n    then: { flag: x }\n    reason: r\n", "rules.type", 3, "A", "origin"),
            (
                "rules:\n  - id: A\n    when: { description: { matches: '([' } }\n    then: { flag: x }\n    reason: r\n", "rules.pattern", 3, "A",
                "description"
            ),
            ("rules:\n  - id: A\n    when: { origin: CN }\n    then: { lane: purple }\n    reason: r\n", "rules.lane", 4, "A", nil),
            ("rules:\n  - id: A\n    when: { origin: CN }\n    then: { flag: x }\n", "rules.missing", 2, "A", nil),
            (
                "rules:\n  - id: A\n    when: { origin: CN }\n    then: { flag: x }\n    reason: 'from {country}'\n", "rules.unknown_field", 2, "A",
                "country"
            ),
            (
                "rules:\n  - id: A\n    when: { origin: CN }\n    then: { flag: x }\n    reason: r\n  - id: A\n    when: { origin: VN }\n    then: { flag: y }\n    reason: r\n",
                "rules.duplicate_id", 6, "A", nil
            ),
            ("rules:\n  - id: A\n    when: { origin: CN }\n    then: { flag: x }\n    reason: r\n    colour: red\n", "rules.structure", 6, "A", nil),
            (
                "rules:\n  - id: A\n    when: { score: { between: [0.9, 0.1] } }\n    then: { flag: x }\n    reason: r\n", "rules.type", 3, "A",
                "score"
            ),
            ("rules:\n  - id: A\n    when: { all: [] }\n    then: { flag: x }\n    reason: r\n", "rules.structure", 3, "A", nil),
            ("rules:\n  - id: A\n    when: { origin: CN\n", "rules.yaml", nil, nil, nil),
            ("- just a list\n", "rules.structure", 1, nil, nil),
        ] as [(String, String, Int?, String?, String?)])
    func errors(yaml: String, code: String, line: Int?, ruleID: String?, field: String?) {
        do {
            _ = try RuleSetLoader.load(yaml: yaml, catalogue: catalogue)
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect(error.code.rawValue == code, "\(error)")
            if let line { #expect(error.line == line, "\(error)") } else { #expect(code != "rules.yaml" || error.line != nil, "\(error)") }
            #expect(error.ruleID == ruleID, "\(error)")
            #expect(error.field == field, "\(error)")
        }
    }
}

/// Numbers from outside in a rule set or in the facts: refused on load when not finite, and
/// written into reasons without a trap whatever their size.
@Suite("Rule sets with extreme numbers")
struct RuleNumberTests {
    static func percentRule() -> String {
        """
        rules:
          - id: RATIO
            when: { unit_value_ratio: { exists: true } }
            then: { lane: red }
            reason: "Declared at {unit_value_ratio:%} of the usual unit value"
        """
    }

    // `Int((value * 100).rounded())` trapped for a ratio past Int's range or NaN (found by
    // fuzz/RulesFuzz.swift's facts with extreme values).
    @Test(
        "a percentage of an extreme ratio is written without a trap",
        arguments: [
            (1e300, "Declared at 1000000"), (Double.nan, "Declared at nan%"), (-1e17, "Declared at -10000000000000000000%"),
            (Double.infinity, "Declared at inf%"), (0.27, "Declared at 27%"),
        ])
    func extremePercentages(ratio: Double, start: String) throws {
        var facts = sample
        facts.values["unit_value_ratio"] = .number(ratio)
        let reason = try #require(try hits(Self.percentRule(), facts).first?.reason)
        #expect(reason.hasPrefix(start) && reason.hasSuffix("% of the usual unit value"), "\(reason)")
    }

    @Test(
        "add_score and numeric operands that are not finite are refused on load",
        arguments: [
            "then: { add_score: .inf }", "then: { add_score: .nan }", "when: { score: { above: .inf } }", "when: { score: { below: 1e400 } }",
        ])
    func nonFiniteNumbers(part: String) {
        var yaml = "rules:\n  - id: R\n    when: { score: { above: 0.5 } }\n    then: { lane: red }\n    reason: r\n"
        if part.hasPrefix("then") {
            yaml = yaml.replacingOccurrences(of: "then: { lane: red }", with: part)
        } else {
            yaml = yaml.replacingOccurrences(of: "when: { score: { above: 0.5 } }", with: part)
        }
        #expect(throws: RuleSetError.self) { try RuleSetLoader.load(yaml: yaml, catalogue: catalogue) }
    }
}
