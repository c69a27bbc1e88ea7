import Foundation
import PortunusCore
import PortunusTestSupport
import Testing

@testable import Tariff

/// HMRC's duty calculator vectors (`uk_tariff/duty_calculator_vectors.json`, taken from the specs
/// of `trade-tariff/trade-tariff-duty-calculator`; the end-to-end one runs on its edited fixture
/// `duty_calculator_fixtures/uk/commodities/7202118000.json`, as SOURCE.md says it must) and the
/// 40 raw UK Trade Tariff API snapshots, whose duty expressions must read the same as their
/// components. Contains public sector information licensed under the Open Government Licence v3.0.
@Suite("UK duty calculator vectors", .offPool)
struct DutyUKVectorTests {
    static let vectorsPath = "tariff/uk_tariff/duty_calculator_vectors.json"
    static let fixturePath = "tariff/uk_tariff/duty_calculator_fixtures/uk/commodities/7202118000.json"
    static let ratesPath = "tariff/uk_tariff/duty_calculator_fixtures/xi/monetary_exchange_rates.json"
    static let snapshotsPath = "tariff/uk_tariff/api_v2_snapshots"

    static let gbp = Currency(unchecked: "GBP")
    static let eur = Currency.eur

    // MARK: JSON helpers

    static func json(_ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: TestEnvironment.dataset(path)))
    }

    /// A JSON number or numeric string as an exact decimal, through its shortest text.
    static func decimal(_ value: Any?) throws -> ExactDecimal {
        if let text = value as? String { return try #require(ExactDecimal(text)) }
        let number = try #require(value as? NSNumber, "not a number: \(String(describing: value))")
        let text = "\(number.doubleValue)"
        let plain = text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        return try #require(ExactDecimal(plain), "\(text)")
    }

    static func double(_ value: ExactDecimal) -> Double { Double(value.description) ?? .nan }

    /// Money as the calculator prints it: "£3,008.42".
    static func formatted(_ money: Money) -> String {
        let text = money.amount.description
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var whole = String(parts[0])
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        while fraction.count < 2 { fraction += "0" }
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        return "£" + whole + grouped + "." + fraction
    }

    static func component(_ json: [String: Any], id: String? = nil) throws -> UKMeasureComponent {
        UKMeasureComponent(
            dutyExpressionID: id ?? (json["duty_expression_id"] as? String ?? "01"),
            amount: try json["duty_amount"].flatMap { $0 is NSNull ? nil : try decimal($0) },
            monetaryUnit: (json["monetary_unit"] ?? json["monetary_unit_code"]) as? String,
            measurementUnit: ((json["measurement_unit"] ?? json["measurement_unit_code"]) as? String).map { String($0.prefix(3)) },
            measurementUnitQualifier: (json["qualifier"] ?? json["measurement_unit_qualifier_code"]) as? String)
    }

    /// The latest EUR → GBP rate of the fixture (0.8571 from 2021-07-01, the one the specs use).
    static func euroRate() throws -> ExactDecimal {
        let rates = try #require(try json(ratesPath) as? [[String: Any]])
        let latest = try #require(
            rates.compactMap { $0["attributes"] as? [String: Any] }.max {
                ($0["validity_start_date"] as? String ?? "") < ($1["validity_start_date"] as? String ?? "")
            })
        return try decimal(latest["exchange_rate"])
    }

    // MARK: The 23 vectors

    @Test(
        "the 23 HMRC duty calculator vectors reproduce their expected amounts, every one",
        .enabled(if: TestEnvironment.hasDatasets(vectorsPath, fixturePath, ratesPath)))
    func vectors() throws {
        let vectors = try #require(try Self.json(Self.vectorsPath) as? [[String: Any]])
        #expect(vectors.count == 23)
        var reproduced: Set<String> = []
        for vector in vectors {
            let id = try #require(vector["id"] as? String)
            let inputs = vector["inputs"] as? [String: Any] ?? [:]
            let expected = vector["expected"] as? [String: Any] ?? [:]
            switch id {
            case "CHOOSER-01", "CHOOSER-02", "CHOOSER-03":
                let choice = try NorthernIrelandDutyChoice.choose(
                    ukDuty: Self.decimal(inputs["uk_option_value"]), xiDuty: Self.decimal(inputs["xi_option_value"]),
                    customsValue: Self.decimal(inputs["customs_value"]))
                #expect(choice.rawValue == expected["chosen"] as? String, "\(id)")
            case _ where id.hasPrefix("AGG-"):
                try aggregation(id, inputs, expected)
            case "E2E-7202118000":
                try endToEnd(expected)
            case "EV-ALC-03":
                // The alcohol evaluator rounds down: 2.789 → £2.78.
                let money = try DutyRounding.down(Self.gbp).money(Self.decimal(inputs["value"]), Self.gbp)
                #expect(Self.formatted(money) == expected["formatted_value"] as? String, "\(id)")
            default:
                let (value, money) = try evaluator(id, inputs)
                #expect(value == (try Self.decimal(expected["value"])), "\(id): \(value)")
                #expect(Self.formatted(money) == expected["formatted_value"] as? String, "\(id): \(money)")
            }
            reproduced.insert(id)
        }
        #expect(reproduced.count == 23)
    }

    /// One of the 13 expression-evaluator vectors: the expression from its components, the base from its inputs.
    func evaluator(_ id: String, _ inputs: [String: Any]) throws -> (ExactDecimal, Money) {
        let amounts = inputs["measure_amount"] as? [String: Any] ?? [:]
        func amount(_ key: String) throws -> ExactDecimal? { try amounts[key].map(Self.decimal) }
        // The customs value is the sum of the price, shipping and insurance entered.
        var value = ExactDecimal.zero
        if let parts = inputs["customs_value"] as? [String: Any] {
            for key in ["monetary_value", "shipping_cost", "insurance_cost"] { value = try value.adding(Self.decimal(parts[key] ?? 0)) }
        }
        var base = DutyBase(currency: Self.gbp, customsValue: value)
        let expression: DutyExpression
        switch id {
        case "EV-ADVAL-01":
            expression = try DutyExpression(ukComponents: [UKMeasureComponent(dutyExpressionID: "01", amount: Self.decimal(inputs["rate_pct"]))])
        case "EV-VAT-01":
            // VAT is charged on the customs value plus the duty.
            expression = try DutyExpression(ukDutyExpression: "\(try Self.decimal(inputs["vat_rate_pct"])) %")
            base.customsValue = try value.adding(Self.decimal(inputs["duty_total"]))
        case "EV-CMP-01":
            let list = try #require(inputs["components"] as? [[String: Any]])
            expression = try DutyExpression(ukComponents: list.map { try Self.component($0) })
            #expect(expression.description == "13.8 % MIN 13 GBP / 100 kg MAX 15 GBP / 100 kg - 7 GBP / 100 kg")
        case "EV-SPQ-01", "EV-SPQ-02":
            // The SPQ evaluator values the component itself; the compound around it subtracts it.
            let spq = try Self.component(try #require(inputs["spq_component"] as? [String: Any]), id: "01")
            expression = try DutyExpression(ukComponents: [spq], defaultCurrency: Self.gbp)
        default:
            let json = try #require((inputs["component"] ?? inputs["measure_condition_component"]) as? [String: Any])
            var component = try Self.component(json)
            if component.monetaryUnit?.count != 3 { component.monetaryUnit = nil }  // "GBP (unset in factory)"
            expression = try DutyExpression(ukComponents: [component], defaultCurrency: Self.gbp)
            if component.monetaryUnit == "EUR" { base.setExchangeRate(try Self.euroRate(), from: Self.eur) }
        }
        // Quantities as the user entered them, with the unit multipliers of the spec: litres
        // become hectolitres (0.01) and kilograms 100 kg units (0.01) through QuantityUnit's
        // derivations; a quantity entered in 100 kg units is 100 times as many kilograms.
        if let kg = try amount("kgm") { base.setQuantity(kg, .kilogram) }
        if let decitonnes = try amount("dtn") { base.setQuantity(try decitonnes.multiplied(by: 100), .kilogram) }
        if let litres = try amount("ltr") { base.setQuantity(litres, .litre) }
        if let hectolitres = try amount("hlt") { base.setQuantity(hectolitres, .hectolitre) }
        if let strength = try amount("asv") { base.setQuantity(strength, .percentVolume) }
        if let brix = try amount("brx") { base.setQuantity(brix, .percentSucrose) }
        if let pureAlcohol = try amount("lpa") { base.setQuantity(pureAlcohol, .litrePureAlcohol) }
        if let discount = try amount("spr") { base.setQuantity(discount, .smallProducerReliefDiscount) }
        if let retail = try amount("ret") { base.setValue(retail, named: "retail price") }
        let exact = try expression.evaluate(base)
        return (exact, try expression.amount(base))
    }

    /// Duty, the stubbed additional rows and the stubbed VAT row added exactly, then rounded once.
    func aggregation(_ id: String, _ inputs: [String: Any], _ expected: [String: Any]) throws {
        let duty = try #require(inputs["duty"] as? [String: Any])
        var total = try Self.decimal(duty["value"])
        for row in inputs["additional_duty_rows"] as? [[String: Any]] ?? [] { total = try total.adding(Self.decimal(row["value"])) }
        if let vat = inputs["vat_row"] as? [String: Any] { total = try total.adding(Self.decimal(vat["value"])) }
        let money = try DutyRounding.halfUp(Self.gbp).money(total, Self.gbp)
        #expect(Self.formatted(money) == expected["duty_total_formatted"] as? String, "\(id): \(total)")
        #expect(try Self.decimal(duty["value"]) == (try Self.decimal(expected["option_value"])), "\(id)")
    }

    /// GB to Northern Ireland, 7202118000, valuation 1000 + 250.89 + 10, 2 t of biodiesel content,
    /// additional code C490: the expressions read from the fixture's measures, four options
    /// with their rows and totals, VAT on the valuation plus every duty of the option, each row
    /// and each total rounded once from exact amounts.
    func endToEnd(_ expected: [String: Any]) throws {
        let fixture = try #require(try Self.json(Self.fixturePath) as? [String: Any])
        let measures = try #require(fixture["import_measures"] as? [[String: Any]])
        var expressions: [Int: DutyExpression] = [:]
        for measure in measures {
            guard let sid = measure["id"] as? Int, let text = (measure["duty_expression"] as? [String: Any])?["base"] as? String, !text.isEmpty
            else { continue }
            let parsed = try DutyExpression(ukDutyExpression: text)
            let components = try (measure["measure_components"] as? [[String: Any]] ?? []).map { try Self.component($0) }
            #expect(try DutyExpression(ukComponents: components) == parsed, "measure \(sid): \(text)")
            expressions[sid] = parsed
        }
        var base = DutyBase(currency: Self.gbp, customsValue: try #require(ExactDecimal("1260.89")))
        base.setQuantity(2, QuantityUnit.tonne.qualified("biodiesel"))
        let options = try #require(expected["options"] as? [[String: Any]])
        // The measures of each option (by sid): its duty, then 696 safeguard (not in quota
        // options), 695 additional duty, 552 anti-dumping for C490; VAT -591133 last.
        let plans: [String: [Int]] = [
            "third_country_tariff": [1_881_982, 20_057_876, 20_040_869, 20_041_036],
            "tariff_preference": [3_822_192, 20_057_876, 20_040_869, 20_041_036],
            "non_preferential (quota 054003)": [20_124_406, 20_040_869, 20_041_036],
            "certain_category_goods (suspension 117)": [20_121_925, 20_057_876, 20_040_869, 20_041_036],
        ]
        let vat = try #require(expressions[-591_133])
        for option in options {
            let type = try #require(option["type"] as? String)
            guard let plan = plans[type] else {
                #expect(type == "waiver" && option["rows"] is NSNull, "an option with figures the test does not know: \(type)")
                continue
            }
            let rows = try #require(option["rows"] as? [[Any]]).filter { ($0[1] as? String) != "" }
            var duties = ExactDecimal.zero
            var values: [ExactDecimal] = []
            for sid in plan {
                let value = try #require(expressions[sid]).evaluate(base)
                values.append(value)
                duties = try duties.adding(value)
            }
            var vatBase = base
            vatBase.customsValue = try base.customsValue.adding(duties)
            let vatValue = try vat.evaluate(vatBase)
            values.append(vatValue)
            #expect(rows.count == values.count, "\(type)")
            for (row, value) in zip(rows, values) {
                #expect(abs(Self.double(value) - (try Self.decimal(row[1]).description).asDouble) < 1e-9, "\(type) \(row[0]): \(value)")
                #expect(Self.formatted(try DutyRounding.halfUp(Self.gbp).money(value, Self.gbp)) == row[2] as? String, "\(type) \(row[0])")
            }
            let total = try duties.adding(vatValue)
            #expect(abs(Self.double(total) - (try Self.decimal(option["duty_total"])).description.asDouble) < 1e-9, "\(type): \(total)")
            #expect(Self.formatted(try DutyRounding.halfUp(Self.gbp).money(total, Self.gbp)) == option["expected_total"] as? String, "\(type)")
            #expect(abs(Self.double(values[0]) - (try Self.decimal(option["expected_value"])).description.asDouble) < 1e-9, "\(type)")
        }
    }

    // MARK: The API snapshots

    @Test(
        "every duty expression of the 40 UK Trade Tariff API snapshots, measures and conditions, reads the same as its components",
        .enabled(if: TestEnvironment.hasDatasets(snapshotsPath + "/uk/0201100021-2021-02-09.json")))
    func snapshots() throws {
        let root = TestEnvironment.dataset(Self.snapshotsPath)
        var files: [URL] = []
        for service in ["uk", "xi"] {
            let folder = root.appendingPathComponent(service)
            files += try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil).filter { $0.pathExtension == "json" }
        }
        #expect(files.count == 40)
        var checked = (measures: 0, conditions: 0)
        for file in files {
            let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
            let included = document["included"] as? [[String: Any]] ?? []
            var records: [String: [String: Any]] = [:]
            for record in included {
                if let id = record["id"] as? String, let type = record["type"] as? String { records[type + "/" + id] = record }
            }
            func related(_ record: [String: Any], _ name: String) -> [[String: Any]] {
                let data = ((record["relationships"] as? [String: Any])?[name] as? [String: Any])?["data"]
                let links = (data as? [[String: Any]]) ?? (data as? [String: Any]).map { [$0] } ?? []
                return links.compactMap { link in
                    (link["type"] as? String).flatMap { type in (link["id"] as? String).flatMap { records[type + "/" + $0] } }
                }
            }
            func components(_ records: [[String: Any]]) throws -> [UKMeasureComponent] {
                try records.map { record in
                    let attributes = record["attributes"] as? [String: Any] ?? [:]
                    var component = try Self.component(attributes)
                    // A measure's v2 component records have no qualifier field at all, while the
                    // text keeps it: there, money per % vol is per % vol per hl ("% vol/hl").
                    // (Condition components have the field, and print "% vol" when it is empty.)
                    if component.measurementUnit == "ASV", component.monetaryUnit != nil, attributes["measurement_unit_qualifier_code"] == nil {
                        component.measurementUnitQualifier = "X"
                    }
                    return component
                }
            }
            for record in included where record["type"] as? String == "measure" {
                for condition in related(record, "measure_conditions") {
                    guard let html = (condition["attributes"] as? [String: Any])?["duty_expression"] as? String, !html.isEmpty else { continue }
                    let parsed = try DutyExpression(ukDutyExpression: html, field: "/duty_expression")
                    #expect(try DutyExpression(ukComponents: components(related(condition, "measure_condition_components"))) == parsed, "\(html)")
                    checked.conditions += 1
                }
                guard let expression = related(record, "duty_expression").first?["attributes"] as? [String: Any],
                    let text = expression["base"] as? String, !text.isEmpty
                else { continue }
                let parts = try components(related(record, "measure_components"))
                if parts.contains(where: { $0.dutyExpressionID == "99" }) { continue }  // supplementary units, not duties
                let parsed = try DutyExpression(ukDutyExpression: text, field: "/base")
                #expect(try DutyExpression(ukComponents: parts) == parsed, "\(file.lastPathComponent) \(record["id"] ?? ""): \(text)")
                // The HTML form reads the same.
                if let formatted = expression["formatted_base"] as? String {
                    #expect(try DutyExpression(ukDutyExpression: formatted) == parsed, "\(formatted)")
                }
                // What Portunus writes reads back the same.
                #expect(try DutyExpression(ukDutyExpression: parsed.description) == parsed, "\(parsed)")
                checked.measures += 1
            }
        }
        print("UK snapshots: \(checked.measures) measure expressions and \(checked.conditions) condition expressions read as their components")
        #expect(checked.measures > 1_500 && checked.conditions > 400)
    }
}

extension String {
    fileprivate var asDouble: Double { Double(self) ?? .nan }
}
