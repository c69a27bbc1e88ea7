import Crypto
import Foundation
import PortunusCore
import Storage

/// Stable pseudonyms for party identifiers, so that people without the `unmask` grant can
/// still see that two declarations share an importer without learning who it is.
///
/// A pseudonym is an HMAC-SHA256 of the identifier under a key made once per installation
/// and kept in the store: the same party always gets the same pseudonym here, and nobody
/// without the key can reverse it or compute it for a guessed identifier.
public struct Pseudonyms: Sendable {
    private let key: SymmetricKey

    public init(store: PortunusStore) throws(PortunusError) {
        let secret = try store.keys.setting("pseudonym-key") {
            var generator = SystemRandomNumberGenerator()
            return Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        }
        key = SymmetricKey(data: secret)
    }

    public func pseudonym(_ identifier: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(identifier.utf8), using: key)
        return "anon-" + Hex.encode(mac.prefix(8))
    }

    /// The declaration with every party identifier replaced, except `visible` (a trader's own id).
    public func mask(_ declaration: Declaration, except visible: String? = nil) -> Declaration {
        var masked = declaration
        func hide(_ value: String) -> String { value == visible ? value : pseudonym(value) }
        masked.parties.declarant = hide(declaration.parties.declarant)
        masked.parties.importer = hide(declaration.parties.importer)
        masked.parties.seller = declaration.parties.seller.map(hide)
        masked.parties.carrier = declaration.parties.carrier.map(hide)
        return masked
    }
}
