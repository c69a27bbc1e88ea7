import Foundation
import GRDB
import PortunusCore

/// A stored biometric template.
public struct StoredTemplate: Sendable, Hashable {
    public var id: Int64
    public var gallery: String
    public var subject: String
    public var extractor: String
    public var version: String
    public var vector: [Float]
}
