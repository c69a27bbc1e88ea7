/// Who is screened: a passenger as API and PNR messages describe them.
public struct ScreenedPerson: Sendable, Hashable {
    public var name: PersonName
    public var birthDate: BirthDate?
    public var nationality: String?
    public var documentNumber: String?
    public var documentCountry: String?

    public init(
        name: PersonName, birthDate: BirthDate? = nil, nationality: String? = nil, documentNumber: String? = nil, documentCountry: String? = nil
    ) {
        self.name = name
        self.birthDate = birthDate
        self.nationality = nationality
        self.documentNumber = documentNumber
        self.documentCountry = documentCountry
    }
}
