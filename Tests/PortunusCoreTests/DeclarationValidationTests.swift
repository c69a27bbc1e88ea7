import Foundation
import Testing

@testable import PortunusCore

func sampleDeclaration(mass: String = "10", value: String = "100", items: Int = 1) throws -> Declaration {
    let item = GoodsItem(
        sequence: 1, hsCode: try HSCode("847130"), countryOfOrigin: try Country("CN"), countryOfDeparture: try Country("CN"),
        originMarking: "G", netMass: FixedDecimal(mass)!, customsValue: Money(FixedDecimal(value)!, .usd),
        dutyRate: FixedDecimal("0")!, taxType: "A")
    return Declaration(
        id: try DeclarationID("D1"), lodgedAt: Date(timeIntervalSince1970: 0), office: "SEA01",
        procedure: .init(processType: "B", importType: "11", importUse: "21", paymentType: "11", modeOfTransport: "10"),
        parties: .init(declarant: "DCL1", importer: "IMP1"), items: Array(repeating: item, count: items))
}

@Suite("Declaration business rules")
struct DeclarationValidationTests {
    @Test("a normal declaration is valid without warnings")
    func valid() throws {
        let validation = try sampleDeclaration().validate()
        #expect(validation.isValid)
        #expect(validation.warnings.isEmpty)
    }

    @Test("zero mass and zero value are accepted with warnings")
    func zeroWarns() throws {
        let validation = try sampleDeclaration(mass: "0", value: "0").validate()
        #expect(validation.isValid)
        #expect(validation.warnings.map(\.code) == [.zeroMass, .zeroValue])
        #expect(validation.warnings.map(\.field) == ["/items/0/net_mass", "/items/0/customs_value/amount"])
    }

    @Test("negative mass and value are rejected at their field")
    func negativeRejects() throws {
        let validation = try sampleDeclaration(mass: "-1", value: "-5").validate()
        #expect(!validation.isValid)
        #expect(validation.errors.map(\.code) == [.negativeMass, .negativeValue])
    }

    @Test("a declaration needs items, each with its own sequence number")
    func items() throws {
        #expect(try sampleDeclaration(items: 0).validate().errors.map(\.code) == [.noGoodsItems])
        #expect(try sampleDeclaration(items: 2).validate().errors.map(\.code) == [.duplicateItem])
    }
}
