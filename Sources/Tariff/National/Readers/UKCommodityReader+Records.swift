import PortunusCore

extension UKCommodityReader {
    /// The `included` records of a JSON:API response, by type and id, and the links between them.
    struct Records {
        typealias Record = (pointer: String, members: [String: JSONValue])
        /// A relationship's link: the linked id, and the record when the response includes it.
        typealias Link = (id: String, record: Record?)

        let document: TariffJSON
        private var byKey: [String: Record] = [:]
        /// The measure records, in the response's order, each once.
        private(set) var measures: [Record] = []

        init(document: TariffJSON) { self.document = document }

        mutating func add(_ value: JSONValue, at pointer: String) throws(PortunusError) {
            let members = try document.object(value, at: pointer)
            let type = try document.string(members["type"], at: pointer + "/type")
            let id = try document.string(members["id"], at: pointer + "/id")
            let key = type + "/" + id
            guard byKey[key] == nil else { return }
            byKey[key] = (pointer, members)
            if type == "measure" { measures.append((pointer, members)) }
        }

        func record(_ type: String, _ id: String) -> Record? { byKey[type + "/" + id] }

        /// The links of `relationships.<name>.data`: one link, a list of them, or none (null or absent).
        func related(_ record: Record, _ name: String) throws(PortunusError) -> [Link] {
            guard let relationships = record.members["relationships"], !relationships.isNull else { return [] }
            let pointer = record.pointer + "/relationships"
            guard let relationship = try document.object(relationships, at: pointer)[name], !relationship.isNull else { return [] }
            let data = try document.object(relationship, at: pointer + "/" + name)["data"]
            let dataPointer = pointer + "/" + name + "/data"
            switch data {
            case nil, .null?: return []
            case .object?: return [try link(data, at: dataPointer)]
            case .array(let links)?:
                var result: [Link] = []
                for (index, value) in links.enumerated() { result.append(try link(value, at: dataPointer + "/\(index)")) }
                return result
            case let other?: throw document.problem("a link or a list of links was expected, not \(other.kind)", at: dataPointer)
            }
        }

        private func link(_ value: JSONValue?, at pointer: String) throws(PortunusError) -> Link {
            let members = try document.object(value, at: pointer)
            let type = try document.string(members["type"], at: pointer + "/type")
            let id = try document.string(members["id"], at: pointer + "/id")
            return (id, record(type, id))
        }

        /// A record's attributes (an empty object when it has none).
        func attributes(_ record: Record) throws(PortunusError) -> [String: JSONValue] {
            guard let value = record.members["attributes"], !value.isNull else { return [:] }
            return try document.object(value, at: record.pointer + "/attributes")
        }

        /// A string attribute, or nil.
        func string(_ record: Record, _ name: String) throws(PortunusError) -> String? {
            try document.optionalString(attributes(record)[name], at: record.pointer + "/attributes/" + name)
        }
    }
}
