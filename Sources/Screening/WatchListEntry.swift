/// One watch-list entry: a person (names and aliases, date of birth, nationality) and/or a
/// travel document, with its list, category and severity.
public struct WatchListEntry: Sendable, Hashable {
    public var id: String
    public var list: String
    public var category: String
    public var severity: Int
    public var names: [PersonName]
    public var birthDate: BirthDate?
    public var nationality: String?
    public var documentNumber: String?
    public var documentCountry: String?

    public init(
        id: String, list: String, category: String = "", severity: Int = 1, names: [PersonName], birthDate: BirthDate? = nil,
        nationality: String? = nil, documentNumber: String? = nil, documentCountry: String? = nil
    ) {
        self.id = id
        self.list = list
        self.category = category
        self.severity = severity
        self.names = names
        self.birthDate = birthDate
        self.nationality = nationality
        self.documentNumber = documentNumber
        self.documentCountry = documentCountry
    }
}
