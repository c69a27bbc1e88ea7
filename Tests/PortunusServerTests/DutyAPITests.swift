import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import PortunusServer
@testable import Storage
@testable import Tariff

/// Duties and taxes through the API: the green lane from lodgement to release with the duties
/// computed, paid or secured on a guarantee; nothing due; a calculation that lacks an input;
/// payments refused and replayed; other agencies' holds after payment.
@Suite("Duties through the API")
struct DutyAPITests {
    /// The routed fixture (93 red, 84 yellow, 61 blue, others green) with a small national tariff
    /// in EUR and a USD rate of 0.9 from 2025-01-01.
    static func charged() throws -> ServerFixture {
        let fixture = try ClearanceAPITests.routed()
        func day(_ text: String) -> CalendarDay { CalendarDay(text)! }
        let measures = [
            try TariffMeasure(
                id: "t:all", code: "", kind: .thirdCountry, expression: "3.00 %", from: day("2020-01-01"), legalBasis: "Tariff Act s. 1"),
            try TariffMeasure(
                id: "t:6403", code: "6403", kind: .thirdCountry, expression: "8.00 %", from: day("2020-01-01"), legalBasis: "Tariff Act sch. 64"),
            try TariffMeasure(
                id: "p:6403:EPA", code: "6403", kind: .preferential, origins: .only(["KE"]), agreement: "EPA", expression: "0.00 %",
                from: day("2020-01-01"), legalBasis: "EPA art. 4"),
            try TariffMeasure(
                id: "ad:6403:C001", code: "6403", kind: .antiDumping, origins: .only(["CN"]), additionalCode: "C001", expression: "10.00 %",
                from: day("2020-01-01"), legalBasis: "AD Regulation 1/2020"),
            try TariffMeasure(
                id: "ad:6403:C999", code: "6403", kind: .antiDumping, origins: .only(["CN"]), additionalCode: "C999", expression: "30.00 %",
                from: day("2020-01-01"), legalBasis: "AD Regulation 1/2020"),
            try TariffMeasure(
                id: "t:0901", code: "0901", kind: .thirdCountry, expression: "0.00 %", from: day("2020-01-01"), legalBasis: "Tariff Act sch. 09"),
            try TariffMeasure(id: "v:0901", code: "0901", kind: .vat, expression: "0.00 %", from: day("2020-01-01"), legalBasis: "VAT Act sch. 1"),
            try TariffMeasure(
                id: "t:2203", code: "2203", kind: .thirdCountry, expression: "0.00 %", from: day("2020-01-01"), legalBasis: "Tariff Act sch. 22"),
            try TariffMeasure(
                id: "x:2203", code: "2203", kind: .excise, expression: "9.00 EUR / hl", from: day("2020-01-01"), legalBasis: "Excise Act s. 5"),
            try TariffMeasure(id: "v:all", code: "", kind: .vat, expression: "20.00 %", from: day("2020-01-01"), legalBasis: "VAT Act s. 2"),
        ]
        try fixture.store.tariff.replaceNationalTariff(
            NationalTariffFile(source: "test tariff", currency: try Currency("EUR"), lines: [], measures: measures), by: "admin")
        try fixture.store.tariff.replaceExchangeRates(
            try ExchangeRateTable(
                currency: try Currency("EUR"),
                periods: [.init(currency: try Currency("USD"), from: day("2025-01-01"), through: nil, rate: ExactDecimal("0.9")!)]),
            by: "admin")
        return fixture
    }

    /// A declaration of one item with duty facts (`item` is JSON members added to the item).
    static func declaration(id: String, hsCode: String, origin: String = "CN", value: String = "1000.00", item: String = "") -> String {
        """
        {"id":"\(id)","lodged_at":"2025-03-01T10:00:00Z","office":"SEA01",\
        "procedure":{"process_type":"B","import_type":"11","import_use":"21","payment_type":"11","mode_of_transport":"10"},\
        "parties":{"declarant":"DCL-1","importer":"IMP-A","seller":"SLR-1"},\
        "items":[{"hs_code":"\(hsCode)","country_of_origin":"\(origin)","country_of_departure":"CN","net_mass":"12.5",\
        "customs_value":{"amount":"\(value)","currency":"USD"},"duty_rate":"8","tax_type":"A"\(item.isEmpty ? "" : "," + item)}]}
        """
    }

    func codes(_ client: some TestClientProtocol, _ id: String, key: String?) async throws -> [String] {
        let log = try await client.send(.get, "/api/v1/declarations/\(id)/milestones", key: key)
        return (log.json["milestones"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
    }

    func pay(_ client: some TestClientProtocol, _ id: String, _ amount: String, currency: String = "EUR", reference: String, key: String?)
        async throws -> TestResponse
    {
        let body = #"{"amount":{"amount":"\#(amount)","currency":"\#(currency)"},"reference":"\#(reference)","idempotency_key":"\#(reference)"}"#
        return try await client.send(.post, "/api/v1/declarations/\(id)/payments", key: key, body: body)
    }

    @Test("green: lodged, duties assessed in the lodgement, paid in two parts by a bank, released by Portunus; each milestone once")
    func greenPaid() async throws {
        let fixture = try Self.charged()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let body = Self.declaration(id: "G-1", hsCode: "640399", item: #""additional_codes":["C001"]"#)
            let created = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: body)
            #expect(created.status == .created, "\(created.text)")
            let read = try await client.send(.get, "/api/v1/declarations/G-1", key: fixture.keys["admin"])
            #expect(read.json["state"] as? String == "duty_assessed", "\(read.json)")
            // 1,000 USD at 0.9 = 900 EUR; duty 8 % = 72; anti-dumping 10 % = 90; VAT 20 % of 1,062 = 212.40; total 374.40.
            let duties = try await client.send(.get, "/api/v1/declarations/G-1/duties", key: fixture.keys["traderA"])
            #expect(duties.status == .ok, "\(duties.text)")
            #expect((duties.json["total"] as? [String: Any])?["amount"] as? String == "374.4")
            #expect((duties.json["total"] as? [String: Any])?["currency"] as? String == "EUR")
            let lines = try #require(duties.json["lines"] as? [[String: Any]])
            #expect(lines.compactMap { $0["type"] as? String } == ["third_country", "anti_dumping", "vat"])
            #expect(lines.compactMap { ($0["amount"] as? [String: Any])?["amount"] as? String } == ["72", "90", "212.4"])
            #expect(lines.first?["basis"] as? String == "Tariff Act sch. 64")
            #expect((duties.json["exchange_rates"] as? [String: String])?["USD"] == "0.9")
            // Another trader does not see it.
            #expect(try await client.send(.get, "/api/v1/declarations/G-1/duties", key: fixture.keys["traderB"]).status == .notFound)
            // A trader does not record payments; a bank does, with a key bound to it.
            #expect(try await pay(client, "G-1", "100", reference: "RCPT-0", key: fixture.keys["traderA"]).status == .forbidden)
            #expect(try await pay(client, "G-1", "100", reference: "RCPT-0", key: fixture.keys["partner"]).status == .forbidden)
            let part = try await pay(client, "G-1", "100", reference: "RCPT-1", key: fixture.keys["bank"])
            #expect(part.status == .created && part.json["state"] as? String == "duty_assessed", "\(part.text)")
            // A bank is told the state and what is outstanding, not the calculation.
            #expect((part.json["outstanding"] as? [String: Any])?["amount"] as? String == "274.4" && part.json["duties"] == nil)
            let misspelt = try await client.send(
                .post, "/api/v1/declarations/G-1/payments", key: fixture.keys["bank"],
                body: #"{"amount":{"amount":"1","currency":"EUR"},"reference":"R-X","idempotencyKey":"R-X"}"#)
            #expect(misspelt.json["pointer"] as? String == "/idempotencyKey", "\(misspelt.text)")
            let replay = try await pay(client, "G-1", "100", reference: "RCPT-1", key: fixture.keys["bank"])
            #expect(replay.status == .ok && replay.json["replayed"] as? Bool == true)
            let over = try await pay(client, "G-1", "300", reference: "RCPT-2", key: fixture.keys["bank"])
            #expect(over.status == .conflict && over.json["pointer"] as? String == "/amount/amount", "\(over.text)")
            let wrong = try await pay(client, "G-1", "274.40", currency: "USD", reference: "RCPT-3", key: fixture.keys["bank"])
            #expect(wrong.status == .badRequest && wrong.json["pointer"] as? String == "/amount/currency", "\(wrong.text)")
            let rest = try await pay(client, "G-1", "274.40", reference: "RCPT-4", key: fixture.keys["bank"])
            #expect(rest.status == .created && rest.json["state"] as? String == "released", "\(rest.text)")
            #expect(
                try await codes(client, "G-1", key: fixture.keys["admin"]) == [
                    "LODGED", "ACCEPTED", "RISK_ASSESSED", "DUTY_ASSESSED", "PAID", "RELEASED",
                ])
            // Paid in full: a further payment is refused.
            #expect(try await pay(client, "G-1", "1", reference: "RCPT-5", key: fixture.keys["bank"]).status == .conflict)
        }
    }

    @Test("green with a deferment account: duties secured and released in the lodgement's transaction; a payment frees the guarantee")
    func greenSecured() async throws {
        let fixture = try Self.charged()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let guarantee =
                #"{"reference":"DAN-1","holder":"IMP-A","kind":"deferment","amount":{"amount":"1000","currency":"EUR"},"from":"2025-01-01"}"#
            #expect(try await client.send(.post, "/api/v1/guarantees", key: fixture.keys["officer"], body: guarantee).status == .forbidden)
            #expect(try await client.send(.post, "/api/v1/guarantees", key: fixture.keys["admin"], body: guarantee).status == .created)
            #expect(try await client.send(.post, "/api/v1/guarantees", key: fixture.keys["admin"], body: guarantee).status == .conflict)
            let created = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["traderA"],
                body: Self.declaration(id: "S-1", hsCode: "640399", item: #""additional_codes":["C999"]"#))
            let id = try #require(created.json["id"] as? String, "\(created.text)")
            #expect(
                try await codes(client, id, key: fixture.keys["admin"]) == [
                    "LODGED", "ACCEPTED", "RISK_ASSESSED", "DUTY_ASSESSED", "SECURED", "RELEASED",
                ])
            // 900 + 72 + 270 (30 %) = 1,242; VAT 248.40; total 590.40 held on the account.
            let list = try await client.send(.get, "/api/v1/guarantees?holder=IMP-A", key: fixture.keys["admin"])
            let held = try #require((list.json["guarantees"] as? [[String: Any]])?.first)
            #expect(held["used"] as? String == "590.4" && held["available"] as? String == "409.6", "\(list.text)")
            let paid = try await pay(client, id, "590.40", reference: "DAN-1-2025-03", key: fixture.keys["officer"])
            #expect(paid.status == .created && paid.json["state"] as? String == "released", "\(paid.text)")
            let after = try await client.send(.get, "/api/v1/guarantees?holder=IMP-A", key: fixture.keys["admin"])
            #expect((after.json["guarantees"] as? [[String: Any]])?.first?["used"] as? String == "0")
            // A second declaration larger than what is left waits for payment instead.
            let big = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["traderA"],
                body: Self.declaration(id: "S-2", hsCode: "640399", value: "5000", item: #""additional_codes":["C999"]"#))
            let bigID = try #require(big.json["id"] as? String)
            #expect(try await codes(client, bigID, key: fixture.keys["admin"]).last == "DUTY_ASSESSED")
        }
    }

    @Test("nothing due: assessed and released at once; a preference without proof is not granted; an anti-dumping code must be declared")
    func nothingDueAndRefusals() async throws {
        let fixture = try Self.charged()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            _ = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: Self.declaration(id: "N-1", hsCode: "090111"))
            #expect(
                try await codes(client, "N-1", key: fixture.keys["admin"]) == ["LODGED", "ACCEPTED", "RISK_ASSESSED", "DUTY_ASSESSED", "RELEASED"])
            // Kenyan shoes under the EPA: without a proof the third-country duty is charged, and the line says why.
            _ = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["admin"],
                body: Self.declaration(id: "P-1", hsCode: "640399", origin: "KE", item: #""preference":{"agreement":"EPA"}"#))
            let unproven = try await client.send(.get, "/api/v1/declarations/P-1/duties", key: fixture.keys["admin"])
            let first = try #require((unproven.json["lines"] as? [[String: Any]])?.first)
            #expect(first["type"] as? String == "third_country" && (first["note"] as? String)?.contains("no proof") == true, "\(unproven.text)")
            // With a proof held by the trader (not in the ledger), granted: 0 % duty, VAT on 900.
            _ = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["admin"],
                body: Self.declaration(id: "P-2", hsCode: "640399", origin: "KE", item: #""preference":{"agreement":"EPA","proof":"EUR1-778"}"#))
            let proven = try await client.send(.get, "/api/v1/declarations/P-2/duties", key: fixture.keys["admin"])
            #expect((proven.json["lines"] as? [[String: Any]])?.first?["type"] as? String == "preferential", "\(proven.text)")
            #expect((proven.json["total"] as? [String: Any])?["amount"] as? String == "180")
            // Chinese shoes without an additional code: the calculation stops, names the codes, and the declaration waits.
            _ = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: Self.declaration(id: "A-1", hsCode: "640399"))
            let stopped = try await client.send(.get, "/api/v1/declarations/A-1/duties", key: fixture.keys["admin"])
            let problem = try #require(stopped.json["problem"] as? [String: Any], "\(stopped.text)")
            #expect(problem["code"] as? String == "tariff.duty_input" && (problem["detail"] as? String)?.contains("C001, C999") == true)
            #expect(problem["field"] as? String == "/items/0/additional_codes")
            let state = try await client.send(.get, "/api/v1/declarations/A-1", key: fixture.keys["admin"])
            #expect(state.json["state"] as? String == "risk_assessed")
            // Beer: excise per hectolitre needs the litres.
            _ = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["admin"],
                body: Self.declaration(id: "X-1", hsCode: "220300", item: #""supplementary_quantities":[{"unit":"l","amount":"500"}]"#))
            let beer = try await client.send(.get, "/api/v1/declarations/X-1/duties", key: fixture.keys["admin"])
            // Duty 0; excise 9 × 5 hl = 45; VAT 20 % of 945 = 189.
            #expect(
                (beer.json["lines"] as? [[String: Any]])?.compactMap { ($0["amount"] as? [String: Any])?["amount"] as? String } == [
                    "0", "45", "189",
                ], "\(beer.text)")
            // A value in a currency the rate table does not have.
            let yen = Self.declaration(id: "E-1", hsCode: "090111").replacingOccurrences(of: #""currency":"USD""#, with: #""currency":"JPY""#)
            _ = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: yen)
            let noRate = try await client.send(.get, "/api/v1/declarations/E-1/duties", key: fixture.keys["admin"])
            #expect((noRate.json["problem"] as? [String: Any])?["field"] as? String == "/items/0/customs_value", "\(noRate.text)")
        }
    }

    @Test("bad duty facts are refused at lodgement with their place: a negative quantity, a twice-given unit, a malformed preference")
    func badDutyFacts() async throws {
        let fixture = try Self.charged()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            for (item, pointer) in [
                (#""supplementary_quantities":[{"unit":"l","amount":"-1"}]"#, "/items/0/supplementary_quantities/0/amount"),
                (#""supplementary_quantities":[{"unit":"l","amount":"1"},{"unit":"L","amount":"2"}]"#, "/items/0/supplementary_quantities/1/unit"),
                (#""supplementary_quantities":[{"unit":"l"}]"#, "/items/0/supplementary_quantities/0/amount"),
                (#""additional_codes":[7]"#, "/items/0/additional_codes/0"),
                (#""additional_codes":["a b"]"#, "/items/0/additional_codes/0"),
                (#""preference":{"agreement":"EPA","proof":"x y"}"#, "/items/0/preference/proof"),
                (#""preference":{"proof":"x"}"#, "/items/0/preference/agreement"),
                (#""preference":"EPA""#, "/items/0/preference"),
            ] {
                let response = try await client.send(
                    .post, "/api/v1/declarations", key: fixture.keys["admin"], body: Self.declaration(id: "BAD-1", hsCode: "640399", item: item))
                #expect(response.status.code >= 400, "\(item)")
                #expect(response.text.contains(pointer), "\(item): \(response.text)")
            }
        }
    }

    @Test("an agency's hold after payment: released only when the agency lifts it, by Portunus")
    func agencyHoldAfterPayment() async throws {
        let fixture = try Self.charged()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            _ = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: Self.declaration(id: "H-1", hsCode: "630790"))
            func event(_ code: String, _ key: String) async throws -> TestResponse {
                let body =
                    #"{"code":"\#(code)","at":"2025-03-01T11:00:00Z","source":"KEBS","actor_kind":"agency","idempotency_key":"\#(key)","attributes":{"agency":"KEBS"}}"#
                return try await client.send(.post, "/api/v1/declarations/H-1/events", key: fixture.keys["kebs"], body: body)
            }
            #expect(try await event("OGA_HOLD", "k-1").status == .created)
            // 900 × 3 % = 27; VAT 185.40; total 212.40.
            let paid = try await pay(client, "H-1", "212.40", reference: "R-H1", key: fixture.keys["bank"])
            #expect(paid.json["state"] as? String == "paid", "\(paid.text)")
            let lifted = try await event("OGA_RELEASED", "k-2")
            #expect(lifted.json["state"] as? String == "released", "\(lifted.text)")
            #expect(
                try await codes(client, "H-1", key: fixture.keys["admin"]) == [
                    "LODGED", "ACCEPTED", "RISK_ASSESSED", "DUTY_ASSESSED", "OGA_HOLD", "PAID", "OGA_RELEASED", "RELEASED",
                ])
        }
    }

    @Test("yellow and red: duties follow the documentary check and the examination, and release follows payment")
    func controlledLanes() async throws {
        let fixture = try Self.charged()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            func step(_ id: String, _ code: String, _ attributes: [String: String] = [:], key: String? = nil) async throws -> TestResponse {
                let body = String(decoding: try JSONSerialization.data(withJSONObject: ["code": code, "attributes": attributes]), as: UTF8.self)
                return try await client.send(.post, "/api/v1/declarations/\(id)/milestones", key: key ?? fixture.keys["officer"], body: body)
            }
            _ = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: Self.declaration(id: "Y-1", hsCode: "847130"))
            #expect(try await client.send(.get, "/api/v1/declarations/Y-1/duties", key: fixture.keys["admin"]).status == .notFound)
            _ = try await step("Y-1", "DOCS_REQUESTED", ["documents": "invoice"])
            _ = try await step("Y-1", "DOCS_SUPPLIED", ["documents": "invoice 7"], key: fixture.keys["traderA"])
            #expect(try await step("Y-1", "DOCS_ACCEPTED").json["state"] as? String == "duty_assessed")
            #expect(try await pay(client, "Y-1", "212.40", reference: "R-Y1", key: fixture.keys["bank"]).json["state"] as? String == "released")
            _ = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: Self.declaration(id: "R-1", hsCode: "930200"))
            _ = try await step("R-1", "EXAM_ASSIGNED", ["examiner": "officer-7"])
            _ = try await step("R-1", "EXAM_STARTED")
            #expect(try await step("R-1", "EXAM_DONE").json["state"] as? String == "duty_assessed")
            #expect(try await pay(client, "R-1", "212.40", reference: "R-R1", key: fixture.keys["bank"]).json["state"] as? String == "released")
            #expect(
                try await codes(client, "R-1", key: fixture.keys["admin"]) == [
                    "LODGED", "ACCEPTED", "RISK_ASSESSED", "EXAM_ASSIGNED", "EXAM_STARTED", "EXAM_DONE", "DUTY_ASSESSED", "PAID", "RELEASED",
                ])
        }
    }

    @Test("the national tariff over HTTP: measures on a code and above it, the rates, and an estimate without lodging")
    func nationalTariffRoutes() async throws {
        let fixture = try Self.charged()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let measures = try await client.send(.get, "/api/v1/tariff/measures?code=640399", key: fixture.keys["traderA"])
            let ids = (measures.json["measures"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
            #expect(Set(ids) == ["t:all", "v:all", "t:6403", "p:6403:EPA", "ad:6403:C001", "ad:6403:C999"], "\(measures.text)")
            let vat = try await client.send(.get, "/api/v1/tariff/measures?code=640399&type=vat", key: fixture.keys["traderA"])
            #expect((vat.json["measures"] as? [[String: Any]])?.compactMap { $0["expression"] as? String } == ["20.00 %"])
            #expect(try await client.send(.get, "/api/v1/tariff/measures?type=quota", key: fixture.keys["traderA"]).status == .badRequest)
            #expect(try await client.send(.get, "/api/v1/tariff/measures?code=64x", key: fixture.keys["traderA"]).status.code == 422)
            let rates = try await client.send(.get, "/api/v1/tariff/exchange-rates", key: fixture.keys["traderA"])
            #expect(rates.json["currency"] as? String == "EUR" && (rates.json["rates"] as? [[String: Any]])?.first?["rate"] as? String == "0.9")
            let estimate = try await client.send(
                .post, "/api/v1/tariff/duties", key: fixture.keys["traderA"],
                body: Self.declaration(id: "Q-1", hsCode: "640399", item: #""additional_codes":["C001"]"#))
            #expect((estimate.json["total"] as? [String: Any])?["amount"] as? String == "374.4", "\(estimate.text)")
            // Nothing was lodged.
            #expect(try await client.send(.get, "/api/v1/declarations/Q-1", key: fixture.keys["admin"]).status == .notFound)
            #expect(try await client.send(.get, "/api/v1/tariff/measures", key: nil).status == .unauthorized)
        }
    }

    @Test("a certificate of origin in the ledger is a proof: granted while in force and for the goods, refused once revoked or for other goods")
    func ledgerCertificateAsProof() async throws {
        let fixture = try Self.charged()
        defer { fixture.cleanUp() }
        _ = try fixture.createLedger()
        let runtime = try fixture.ledgerRuntime()
        try await fixture.application(ledger: runtime).test(.router) { client in
            let certificate =
                #"{"id":"COO-KE-1","exporter":"EXP-KE","origin_country":"KE","destination_country":"DE","goods":[{"hs_code":"640399","description":"leather footwear"}],"preference":"EPA"}"#
            #expect(try await client.send(.post, "/api/v1/certificates/origin", key: fixture.keys["admin"], body: certificate).status == .created)
            func lodge(_ id: String, hsCode: String = "640399", origin: String = "KE") async throws -> [String: Any] {
                let body = Self.declaration(id: id, hsCode: hsCode, origin: origin, item: #""preference":{"agreement":"EPA","proof":"COO-KE-1"}"#)
                _ = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: body)
                let duties = try await client.send(.get, "/api/v1/declarations/\(id)/duties", key: fixture.keys["admin"])
                return try #require((duties.json["lines"] as? [[String: Any]])?.first, "\(duties.text)")
            }
            let granted = try await lodge("C-1")
            #expect(granted["type"] as? String == "preferential" && (granted["note"] as? String)?.contains("COO-KE-1") == true)
            // The certificate is for Kenya, not for goods declared as Ugandan (the preference is not theirs either).
            let otherOrigin = try await lodge("C-2", origin: "UG")
            #expect(otherOrigin["type"] as? String == "third_country")
            _ = try await client.send(
                .post, "/api/v1/certificates/origin/COO-KE-1/status", key: fixture.keys["admin"],
                body: #"{"status":"revoked","reason":"not originating"}"#)
            let revoked = try await lodge("C-3")
            #expect(revoked["type"] as? String == "third_country" && (revoked["note"] as? String)?.contains("revoked") == true, "\(revoked)")
        }
    }

    @Test("payments belong to the declaration: an amendment after a part payment is charged again and the payment counts; none during a hold")
    func paymentsAcrossVersions() async throws {
        let fixture = try Self.charged()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            _ = try await client.send(
                .post, "/api/v1/declarations", key: fixture.keys["admin"],
                body: Self.declaration(id: "V-1", hsCode: "640399", item: #""additional_codes":["C001"]"#))
            #expect(try await pay(client, "V-1", "100", reference: "RV-1", key: fixture.keys["bank"]).status == .created)
            // The officer corrects the value to 500 USD: 450 EUR; 8 % = 36; 10 % = 45; VAT 20 % of 531 = 106.20; total 187.20.
            let amendment = #"""
                {"reason":"value corrected","items":[{"sequence":1,"hs_code":"640399","country_of_origin":"CN","country_of_departure":"CN",
                 "net_mass":"12.5","customs_value":{"amount":"500.00","currency":"USD"},"duty_rate":"8","tax_type":"A","additional_codes":["C001"]}]}
                """#
            let amended = try await client.send(.post, "/api/v1/declarations/V-1/amendments", key: fixture.keys["officer"], body: amendment)
            #expect(amended.json["state"] as? String == "duty_assessed" && amended.json["version"] as? Int == 2, "\(amended.text)")
            let duties = try await client.send(.get, "/api/v1/declarations/V-1/duties", key: fixture.keys["admin"])
            #expect((duties.json["total"] as? [String: Any])?["amount"] as? String == "187.2", "\(duties.text)")
            #expect((duties.json["outstanding"] as? [String: Any])?["amount"] as? String == "87.2")
            // A hold stops payments; released from the hold, the rest is paid and the goods go.
            let body = String(
                decoding: try JSONSerialization.data(withJSONObject: ["code": "HELD", "attributes": ["reason": "check"]]), as: UTF8.self)
            #expect(try await client.send(.post, "/api/v1/declarations/V-1/milestones", key: fixture.keys["officer"], body: body).status == .created)
            #expect(try await pay(client, "V-1", "87.20", reference: "RV-2", key: fixture.keys["bank"]).status == .conflict)
            // An officer's amendment during the hold to a value the payment already covers: paid at once.
            let lower = amendment.replacingOccurrences(of: "500.00", with: "200.00")
            let covered = try await client.send(.post, "/api/v1/declarations/V-1/amendments", key: fixture.keys["officer"], body: lower)
            #expect(covered.json["state"] as? String == "released", "\(covered.text)")
            #expect(
                try await codes(client, "V-1", key: fixture.keys["admin"]) == [
                    "LODGED", "ACCEPTED", "RISK_ASSESSED", "DUTY_ASSESSED", "AMENDED", "DUTY_ASSESSED", "HELD", "AMENDED", "DUTY_ASSESSED", "PAID",
                    "RELEASED",
                ])
        }
    }
}
