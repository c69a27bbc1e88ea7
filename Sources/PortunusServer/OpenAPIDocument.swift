import Foundation

/// The OpenAPI 3.1 description of every route, served at `/api/v1/openapi.yaml`. A test checks that
/// each route the router registers appears here, so the description cannot fall behind the code.
///
/// The document is a plain file, `Resources/openapi.yaml`, copied into the target's resource bundle
/// (`Portunus_PortunusServer.resources`, which SwiftPM places next to the `portunus` binary) and
/// read through `Bundle.module`. A file rather than a Swift string so that reviewers read it as
/// YAML and tools (linters, client generators) take it as it is. Not swift-openapi-generator: it
/// would turn every handler into a conformance to a generated protocol, a rewrite of each route
/// for a document that the routes already follow and the coverage test already holds to them.
enum OpenAPIDocument {
    /// The document's text. Read once, the first time it is needed; `PortunusServer.router` reads
    /// it while building the routes, so a binary separated from its resource bundle stops at start
    /// (SwiftPM's accessor names the paths it looked in) instead of failing on a request.
    static let yaml: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let data = FileManager.default.contents(atPath: url.path)
        else {
            preconditionFailure("openapi.yaml is missing from the PortunusServer resource bundle")
        }
        return String(decoding: data, as: UTF8.self)
    }()
}
