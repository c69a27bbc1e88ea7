import PortunusCore

extension VATRateTable {
    /// One country's standard VAT rates as national-tariff measures: a `vat` measure per period,
    /// on all goods (the empty code) from any origin, with the expression "<rate> %".
    ///
    /// The country is looked up by the EU's code or by ISO 3166-1 (`EL` or `GR`); ids and legal
    /// bases use the ISO code, so that both spellings give the same measures: `vat:DE:2020-07-01`,
    /// "Standard VAT rate, DE, Duty27 table (CC BY 4.0)". A country the table does not hold has
    /// no measures.
    public func measures(country: String) throws(PortunusError) -> [TariffMeasure] {
        let wanted = country.uppercased()
        var measures: [TariffMeasure] = []
        for period in periods where period.country == wanted || period.isoCountry == wanted {
            measures.append(
                try TariffMeasure(
                    id: "vat:\(period.isoCountry):\(period.from)", code: "", kind: .vat, expression: "\(period.rate) %", from: period.from,
                    through: period.through, legalBasis: "Standard VAT rate, \(period.isoCountry), Duty27 table (CC BY 4.0)"))
        }
        return measures.sorted { $0.from < $1.from }
    }
}
