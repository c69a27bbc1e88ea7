import Hummingbird
import PortunusCore

extension PortunusRequestContext {
    /// A path parameter that is a stored row's id: a positive integer, else `not_found` (a
    /// malformed id names no row, like an unknown one).
    func id(_ name: String = "id") throws -> Int64 {
        guard let id = Int64(try parameters.require(name)), id > 0 else { throw PortunusError(.notFound, "no such \(name)", field: name) }
        return id
    }
}
