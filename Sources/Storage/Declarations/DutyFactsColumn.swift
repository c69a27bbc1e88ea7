import PortunusCore

/// The `goods_item.duty_facts` column: what an item declares for the duty calculation beyond
/// its base fields, as JSON, or NULL when it declares none of it.
struct DutyFactsColumn: Codable {
    var quantities: [GoodsItem.Quantity]?
    var additionalCodes: [String]?
    var preference: GoodsItem.Preference?

    enum CodingKeys: String, CodingKey {
        case quantities, additionalCodes = "additional_codes", preference
    }

    /// The column's text for an item; nil when it declares nothing.
    static func text(_ item: GoodsItem) throws -> String? {
        guard item.hasDutyFacts else { return nil }
        let facts = DutyFactsColumn(
            quantities: item.supplementaryQuantities.isEmpty ? nil : item.supplementaryQuantities,
            additionalCodes: item.additionalCodes.isEmpty ? nil : item.additionalCodes, preference: item.preference)
        return try JSONColumn.text(facts, column: "duty_facts", table: "goods_item")
    }

    /// Sets an item's duty facts from the column's text.
    static func apply(_ text: String?, to item: inout GoodsItem) throws {
        guard let text else { return }
        let facts: DutyFactsColumn = try JSONColumn.decode(text, column: "duty_facts", table: "goods_item")
        item.supplementaryQuantities = facts.quantities ?? []
        item.additionalCodes = facts.additionalCodes ?? []
        item.preference = facts.preference
    }
}
