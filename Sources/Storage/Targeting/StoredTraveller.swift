import Foundation
import GRDB
import PortunusCore
import Travel

public struct StoredTraveller: Sendable, Hashable {
    public var id: Int64
    public var createdAt: Date
    public var surname: String?
    public var givenNames: String?
    public var dateOfBirth: String?
    public var gender: String
    public var nationality: String?
    public var depersonalisedAt: Date?
    public var documents: [Document]

    public struct Document: Sendable, Hashable {
        public var number: String
        public var issuingState: String
        public var type: String?
        public var expiry: String?

        public init(number: String, issuingState: String, type: String?, expiry: String?) {
            self.number = number
            self.issuingState = issuingState
            self.type = type
            self.expiry = expiry
        }
    }
}
