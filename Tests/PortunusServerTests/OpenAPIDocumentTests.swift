import Foundation
import PortunusTestSupport
import Testing

@testable import PortunusServer

@Suite("The API description as a resource file")
struct OpenAPIDocumentTests {
    @Test("the document read from the resource bundle is the file in the repository, byte for byte")
    func bundleMatchesRepository() throws {
        let file = TestEnvironment.repositoryRoot.appendingPathComponent("Sources/PortunusServer/Resources/openapi.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(OpenAPIDocument.yaml == text)
        #expect(text.hasPrefix("openapi: 3.1.0\n"))
    }
}
