import PortunusCore

extension UKCommodityReader {
    /// The kind a measure type charges as, or why it is left out.
    enum TypeMapping: Equatable {
        case kind(TariffMeasure.Kind)
        /// Left out, for this reason.
        case skipped(String)
        /// A type Portunus does not know: left out, as a control if it charges nothing.
        case unknown
    }

    /// How a measure type maps (see the type's documentation). `vat` and `excise` are the
    /// measure's own flags, which the national VAT and excise types carry.
    static func mapping(type: String, vat: Bool, excise: Bool) -> TypeMapping {
        switch type {
        case "103": return .kind(.thirdCountry)
        case "142": return .kind(.preferential)
        case "551", "552", "553", "554": return .kind(.antiDumping)
        case "555", "556": return .kind(.countervailing)
        case "695", "696": return .kind(.additional)
        case "305", "VTS", "VTZ", "VTA", "VTE": return .kind(.vat)
        case "306": return .kind(.excise)
        case "122", "123", "143", "145", "146", "147": return .skipped("quotas are not applied")
        case "112", "115", "117", "119": return .skipped("suspensions are not applied")
        case "105": return .skipped("end-use relief is not applied")
        case "490": return .skipped("entry prices are not applied")
        case "106": return .skipped("the customs union duty is not applied yet")
        case "109", "110": return .skipped("a supplementary unit, not a duty: kept as the line's unit")
        default:
            if vat { return .kind(.vat) }
            if excise { return .kind(.excise) }
            return .unknown
        }
    }

    /// The UK service's VAT additional codes for the Northern Ireland service's VAT types.
    static let vatCodes = ["VTZ": "VATZ", "VTE": "VATE", "VTA": "VATR"]

    /// Reads the measures of one response.
    struct MeasureReading {
        let service: Service
        /// The commodity's code.
        let code: String
        let records: Records
        private(set) var measures: [TariffMeasure] = []
        /// Supplementary units, from the 109 and 110 measures.
        private(set) var units: [String] = []
        private(set) var skips = NationalTariffFile.SkipTally()

        init(service: Service, code: String, records: Records) {
            self.service = service
            self.code = code
            self.records = records
        }

        private var document: TariffJSON { records.document }

        /// What a measure's duty is, or why it is left out.
        private enum Duty {
            case expression(DutyExpression, note: String?)
            case skipped(String)
        }

        mutating func read(_ record: Records.Record) throws(PortunusError) {
            let pointer = record.pointer
            let sid = try document.string(record.members["id"], at: pointer + "/id")
            guard Self.isSid(sid) else { throw document.problem("a measure sid is a whole number", at: pointer + "/id") }
            let id = service.rawValue + ":" + sid
            let attributes = try records.attributes(record)
            func flag(_ name: String) throws(PortunusError) -> Bool? {
                try document.optionalBool(attributes[name], at: pointer + "/attributes/" + name)
            }
            guard let typeLink = try records.related(record, "measure_type").first else {
                throw document.problem("a measure has a measure type", at: pointer + "/relationships")
            }
            let type = typeLink.id
            let typeDescription = try typeLink.record.flatMap { record throws(PortunusError) in try records.string(record, "description") }
            let label = "measure type \(type)" + (typeDescription.map { " (\($0))" } ?? "")

            if try flag("import") == false {
                skips.add(label + ": an export measure", id)
                return
            }
            let kind: TariffMeasure.Kind
            switch UKCommodityReader.mapping(type: type, vat: try flag("vat") ?? false, excise: try flag("excise") ?? false) {
            case .kind(let mapped): kind = mapped
            case .skipped(let reason):
                if type == "109" || type == "110", let unit = try baseText(record), !unit.isEmpty, !units.contains(unit) { units.append(unit) }
                skips.add(label + ": " + reason, id)
                return
            case .unknown:
                let components = try records.related(record, "measure_components")
                let text = try baseText(record) ?? ""
                let charges = !components.isEmpty || !text.isEmpty
                skips.add(
                    label + (charges ? ": a duty of a type Portunus does not apply" : ": not a duty (a control, certificate or prohibition)"), id)
                return
            }

            // Dates.
            guard let startText = try document.optionalString(attributes["effective_start_date"], at: pointer + "/attributes/effective_start_date"),
                let from = CalendarDay(startText.prefix(10))
            else { throw document.problem("a measure starts on a date YYYY-MM-DD…", at: pointer + "/attributes/effective_start_date") }
            var through: CalendarDay?
            if let endText = try document.optionalString(attributes["effective_end_date"], at: pointer + "/attributes/effective_end_date") {
                guard let day = CalendarDay(endText.prefix(10)), day >= from else {
                    throw document.problem(
                        "a measure ends on a date YYYY-MM-DD… not before it starts", at: pointer + "/attributes/effective_end_date")
                }
                through = day
            }

            // Origins.
            guard let areaLink = try records.related(record, "geographical_area").first else {
                skips.add(label + ": no geographical area", id)
                return
            }
            let origins: TariffMeasure.Origins
            if areaLink.id == "1011" {
                origins = .any
            } else {
                let countries = try countries(of: areaLink, measure: id)
                guard !countries.isEmpty else {
                    skips.add("measure whose geographical area names no ISO 3166-1 alpha-2 country (\(areaLink.id))", id)
                    return
                }
                origins = .only(countries)
            }
            var excluded: [String] = []
            for link in try records.related(record, "excluded_countries") { excluded += try countries(of: link, measure: id) }

            // The additional code.
            var additionalCode: String?
            if let link = try records.related(record, "additional_code").first {
                guard let codeRecord = link.record, let text = try records.string(codeRecord, "code"), !text.isEmpty else {
                    skips.add(label + ": its additional code is not in the response", id)
                    return
                }
                additionalCode = text
            } else if kind == .vat {
                additionalCode = UKCommodityReader.vatCodes[type]
            } else if kind == .excise, type != "306" {
                additionalCode = typeDescription.flatMap(Self.exciseCode)
            }

            // The duty.
            let duty: DutyExpression
            var note: String?
            switch try self.duty(record, pointer: pointer) {
            case .expression(let expression, let condition):
                duty = expression
                note = condition
            case .skipped(let reason):
                skips.add(label + ": " + reason, id)
                return
            }

            var basis = "UK Trade Tariff measure type \(type)" + (typeDescription.map { " (\($0))" } ?? "")
            let acts = try records.related(record, "legal_acts").map(\.id).filter { !$0.isEmpty }
            if !acts.isEmpty { basis += ", legal act " + acts.joined(separator: ", ") }
            if let note { basis += "; " + note }
            do {
                measures.append(
                    try TariffMeasure(
                        id: id, code: code, kind: kind, origins: origins, excluded: excluded, additionalCode: additionalCode,
                        agreement: kind == .preferential ? areaLink.id : nil, expression: duty.description, notation: .uk, from: from,
                        through: through, legalBasis: basis, field: pointer))
            } catch {
                skips.add(label + ": its duty expression does not read back", "\(id) (\(error.reason))")
            }
        }

        /// A measure sid: an optional minus and 1 to 19 digits (national measures' sids are negative).
        static func isSid(_ text: String) -> Bool {
            let digits = text.hasPrefix("-") ? text.utf8.dropFirst() : text.utf8[...]
            return (1...19).contains(digits.count) && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }

        /// "EXCISE - FULL, 442, BEER MADE IN THE UK" → "X442", the UK service's additional code for it.
        static func exciseCode(_ description: String) -> String? {
            guard description.uppercased().hasPrefix("EXCISE") else { return nil }
            for part in description.split(separator: ",") {
                let number = part.trimmingCharacters(in: .whitespaces)
                if number.utf8.count == 3, number.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return "X" + number }
            }
            return nil
        }

        /// The ISO countries of an area (itself, or its members), counting those that are not ISO codes.
        private mutating func countries(of link: Records.Link, measure id: String) throws(PortunusError) -> [String] {
            var members: [String] = []
            if let area = link.record {
                members = try records.related(area, "children_geographical_areas").map(\.id)
            }
            if members.isEmpty, link.id.utf8.count == 2 { members = [link.id] }
            var countries: [String] = []
            for member in members {
                if Country.isKnown(member) {
                    countries.append(member)
                } else {
                    skips.add("origin that is not an ISO 3166-1 alpha-2 country, left out of a measure's origins or exclusions", "\(id) \(member)")
                }
            }
            return countries
        }

        /// The text of a measure's duty expression record, or nil.
        private func baseText(_ record: Records.Record) throws(PortunusError) -> String? {
            guard let expression = try records.related(record, "duty_expression").first?.record else { return nil }
            return try records.string(expression, "base")?.trimmingCharacters(in: .whitespaces)
        }

        /// The measure's duty: from its components, else its expression's text, else a document condition.
        private func duty(_ record: Records.Record, pointer: String) throws(PortunusError) -> Duty {
            let components = try records.related(record, "measure_components")
            let text = try baseText(record) ?? ""
            if !components.isEmpty {
                let parts = try self.components(components, at: pointer + "/relationships/measure_components/data")
                let expression: DutyExpression
                do {
                    expression = try DutyExpression(ukComponents: parts)
                } catch {
                    return .skipped("its components are not a duty Portunus reads (\(error.reason))")
                }
                // The text keeps the amounts as the tariff writes them ("12.00 %" where the
                // component's number is 12.0); it is taken when it says the same.
                if let written = try? DutyExpression(ukDutyExpression: text), written == expression { return .expression(written, note: nil) }
                return .expression(expression, note: nil)
            }
            if !text.isEmpty {
                do {
                    return .expression(try DutyExpression(ukDutyExpression: text), note: nil)
                } catch {
                    return .skipped("its duty expression is not one Portunus reads (\(error.reason))")
                }
            }
            return try conditionalDuty(record)
        }

        /// A duty stated only in the measure's conditions: the rate on presentation of a document,
        /// when that is what the conditions say; left out when it depends on a price or quantity.
        private func conditionalDuty(_ record: Records.Record) throws(PortunusError) -> Duty {
            var withDuty: [(code: String, document: String, record: Records.Record)] = []
            for link in try records.related(record, "measure_conditions") {
                guard let condition = link.record else { continue }
                let hasComponents = try !records.related(condition, "measure_condition_components").isEmpty
                let text = try records.string(condition, "duty_expression") ?? ""
                guard hasComponents || !text.isEmpty else { continue }
                let attributes = try records.attributes(condition)
                let conditionCode = try records.string(condition, "condition_code") ?? "?"
                let unit = try records.string(condition, "condition_measurement_unit_code") ?? ""
                if !(attributes["condition_duty_amount"]?.isNull ?? true) || !unit.isEmpty {
                    return .skipped("its duty depends on a price or quantity Portunus is not given (condition \(conditionCode))")
                }
                withDuty.append((conditionCode, try records.string(condition, "document_code") ?? "", condition))
            }
            guard let chosen = withDuty.first(where: { !$0.document.isEmpty }) ?? withDuty.first else {
                return .skipped("it states no duty")
            }
            let expression: DutyExpression
            switch try conditionExpression(chosen.record) {
            case .expression(let read, _): expression = read
            case .skipped(let reason): return .skipped(reason)
            }
            guard !chosen.document.isEmpty else { return .expression(expression, note: nil) }
            var note = "the rate on presentation of \(chosen.document) (condition \(chosen.code))"
            if let fallback = withDuty.first(where: { $0.document.isEmpty }),
                case .expression(let other, _) = try conditionExpression(fallback.record)
            {
                note += ", otherwise \(other)"
            }
            return .expression(expression, note: note)
        }

        private func conditionExpression(_ condition: Records.Record) throws(PortunusError) -> Duty {
            let links = try records.related(condition, "measure_condition_components")
            let text = try records.string(condition, "duty_expression") ?? ""
            if !links.isEmpty {
                let parts = try components(links, at: condition.pointer + "/relationships/measure_condition_components/data")
                let expression: DutyExpression
                do {
                    expression = try DutyExpression(ukComponents: parts)
                } catch {
                    return .skipped("its condition's components are not a duty Portunus reads (\(error.reason))")
                }
                if let written = try? DutyExpression(ukDutyExpression: text), written == expression { return .expression(written, note: nil) }
                return .expression(expression, note: nil)
            }
            do {
                return .expression(try DutyExpression(ukDutyExpression: text), note: nil)
            } catch {
                return .skipped("its condition's duty expression is not one Portunus reads (\(error.reason))")
            }
        }

        /// Components from their records, in the links' order.
        private func components(_ links: [Records.Link], at pointer: String) throws(PortunusError) -> [UKMeasureComponent] {
            var parts: [UKMeasureComponent] = []
            for (index, link) in links.enumerated() {
                guard let record = link.record else {
                    throw document.problem("the component \(link.id) is not in the response's included records", at: pointer + "/\(index)")
                }
                let attributes = try records.attributes(record)
                let at = record.pointer + "/attributes/"
                var part = UKMeasureComponent(
                    dutyExpressionID: try document.string(attributes["duty_expression_id"], at: at + "duty_expression_id"),
                    amount: try document.optionalNumber(attributes["duty_amount"], at: at + "duty_amount"),
                    monetaryUnit: try document.optionalString(attributes["monetary_unit_code"], at: at + "monetary_unit_code"),
                    measurementUnit: try document.optionalString(attributes["measurement_unit_code"], at: at + "measurement_unit_code"),
                    measurementUnitQualifier: try document.optionalString(
                        attributes["measurement_unit_qualifier_code"], at: at + "measurement_unit_qualifier_code"))
                // A measure's component records have no qualifier field at all, while its text keeps
                // one: there, money per % vol is per % vol per hl ("% vol/hl"), TARIC's ASV with X.
                if part.measurementUnit == "ASV", part.monetaryUnit != nil, attributes["measurement_unit_qualifier_code"] == nil {
                    part.measurementUnitQualifier = "X"
                }
                parts.append(part)
            }
            return parts
        }
    }
}
