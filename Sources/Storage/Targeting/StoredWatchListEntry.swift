import Foundation
import GRDB
import PortunusCore
import Travel

public struct StoredWatchListEntry: Sendable, Hashable {
    public var id: Int64
    public var list: String
    public var externalID: String
    public var category: String
    public var severity: Int
    public var names: [String]
    public var birthDate: String?
    public var nationality: String?
    public var documentNumber: String?
    public var documentCountry: String?
    public var travellerID: Int64?
    public var addedAt: Date
    public var addedBy: String
    public var removedAt: Date?

    public init(
        id: Int64 = 0, list: String, externalID: String, category: String, severity: Int, names: [String], birthDate: String?,
        nationality: String?, documentNumber: String?, documentCountry: String?, travellerID: Int64? = nil, addedAt: Date = .distantPast,
        addedBy: String = "", removedAt: Date? = nil
    ) {
        self.id = id
        self.list = list
        self.externalID = externalID
        self.category = category
        self.severity = severity
        self.names = names
        self.birthDate = birthDate
        self.nationality = nationality
        self.documentNumber = documentNumber
        self.documentCountry = documentCountry
        self.travellerID = travellerID
        self.addedAt = addedAt
        self.addedBy = addedBy
        self.removedAt = removedAt
    }

    /// The same content (what an import compares before counting a row as changed).
    func sameContent(as other: StoredWatchListEntry) -> Bool {
        category == other.category && severity == other.severity && names == other.names && birthDate == other.birthDate
            && nationality == other.nationality && documentNumber == other.documentNumber && documentCountry == other.documentCountry
            && removedAt == nil
    }
}
