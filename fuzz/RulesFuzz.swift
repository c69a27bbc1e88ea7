import Foundation
import Rules

/// A YAML rule set as analysts upload it: parsed by Yams, validated against a catalogue of
/// every kind of field, then evaluated over facts with extreme values and the reasons
/// written out (percentages included), as assessment does for each goods item.
@_cdecl("LLVMFuzzerTestOneInput")
public func rulesFuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let yaml = String(decoding: FuzzSupport.data(start, count), as: UTF8.self)
    guard let set = try? RuleSetLoader.load(yaml: yaml, catalogue: FuzzCatalogue.catalogue) else { return 0 }
    for facts in FuzzFacts.samples {
        for hit in set.evaluate(facts) { FuzzSupport.encode(hit) }
    }
    return 0
}

enum FuzzCatalogue {
    static let catalogue = FieldCatalogue(
        fields: [
            "value": .init(.number, "a number"), "ratio": .init(.number, "a ratio"), "origin": .init(.text, "a country"),
            "hs_heading": .init(.text, "an HS heading"), "known": .init(.bool, "a flag"), "route": .init(.list, "airports"),
            "secret": .init(.number, "withheld"),
        ],
        lanes: ["green", "yellow", "red"], withheld: ["secret"])
}

struct FuzzFacts: RuleFacts {
    var values: [String: RuleValue]
    func value(of field: String) -> RuleValue? { values[field] }

    static let samples: [FuzzFacts] = [
        FuzzFacts(values: [
            "value": .number(1000), "ratio": .number(0.25), "origin": .text("CN"), "hs_heading": .text("6109"), "known": .bool(true),
            "route": .list(["FRA", "ICN"]), "secret": .number(7),
        ]),
        FuzzFacts(values: [
            "value": .number(.greatestFiniteMagnitude), "ratio": .number(1e300), "origin": .text(""), "known": .bool(false),
            "route": .list([]),
        ]),
        FuzzFacts(values: ["value": .number(-.greatestFiniteMagnitude), "ratio": .number(-1e18), "route": .list(["é", "\u{0}"])]),
        FuzzFacts(values: [:]),
    ]
}
