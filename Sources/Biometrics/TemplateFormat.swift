/// Which extractor made a template: templates of different extractors (or versions, or
/// lengths) live in different spaces and are never compared.
public struct TemplateFormat: Sendable, Hashable, Codable, CustomStringConvertible {
    public var extractor: String
    public var version: String
    public var dimension: Int

    public init(extractor: String, version: String, dimension: Int) {
        self.extractor = extractor
        self.version = version
        self.dimension = dimension
    }

    public var description: String { "\(extractor) \(version) (\(dimension) floats)" }
}
