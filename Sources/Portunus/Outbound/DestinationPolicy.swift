import Foundation
import PortunusCore

#if canImport(Glibc)
    import Glibc
#endif

/// Where Portunus may send requests of its own accord: alert webhooks and the witnesses it
/// asks to cosign.
///
/// Both URLs are chosen by someone other than the operator's network team (an admin key, a
/// partner's policy), and the server sends from inside that network. Without a check a
/// webhook at `http://169.254.169.254/latest/meta-data/` reads the cloud instance's
/// credentials, one at `http://127.0.0.1:8080/` reaches services that trust loopback, and
/// the delivery log tells the registrant what answered. So destinations in the address
/// blocks that RFC 6890 marks as not globally reachable are refused, unless the operator
/// says the deployment needs them (`--allow-private-destinations`, a receiver on the same
/// host or LAN, and the tests).
///
/// The check runs twice: when the URL is registered (a literal address, or a name that
/// resolves there, is answered 422 `destination.forbidden` with the field's pointer) and at
/// every delivery on the addresses the name resolves to then (a public name may be pointed
/// at a private address after registration: DNS rebinding). The delivery then connects to
/// the address it checked, not to a second resolution.
///
/// ```swift
/// let policy = DestinationPolicy()
/// try policy.check(url: "http://169.254.169.254/", field: "/url")   // throws destination.forbidden
/// ```
public struct DestinationPolicy: Sendable, Hashable {
    /// Private, loopback and link-local destinations are allowed (nothing is refused).
    public var allowPrivate: Bool

    public init(allowPrivate: Bool = false) {
        self.allowPrivate = allowPrivate
    }

    /// Checks a URL being registered: absolute http(s) with a host, and unless private
    /// destinations are allowed, a host that is not (and does not resolve to) a refused
    /// address. A name that does not resolve now is accepted; delivery checks it again.
    @discardableResult
    public func check(url text: String, field: String) throws(PortunusError) -> URL {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), let host = Self.host(of: url) else {
            throw PortunusError(.invalidArgument, "the url is an absolute http or https URL", field: field)
        }
        guard !allowPrivate else { return url }
        let addresses = Self.literal(host).map { [$0] } ?? Self.resolve(host)
        for address in addresses {
            if let restriction = Self.restriction(of: address) {
                throw PortunusError(
                    .forbiddenDestination, "the url's host is a \(restriction) address; only public destinations are allowed", field: field)
            }
        }
        return url
    }

    /// The addresses a delivery to `host` may connect to, as numeric strings: all that the
    /// name resolves to now, each checked. Throws `destination.forbidden` when any is refused
    /// (a name with one private address among public ones is refused whole: which address a
    /// connection takes is not ours to choose) and `io.failed` when the name does not resolve.
    /// Blocks on DNS: call it off the cooperative pool.
    public func addresses(host: String) throws(PortunusError) -> [String] {
        let addresses = Self.literal(host).map { [$0] } ?? Self.resolve(host)
        guard !addresses.isEmpty else { throw PortunusError(.io, "the destination's name does not resolve") }
        if !allowPrivate {
            for address in addresses {
                if let restriction = Self.restriction(of: address) {
                    throw PortunusError(.forbiddenDestination, "the destination resolves to a \(restriction) address")
                }
            }
        }
        return addresses.compactMap(Self.format)
    }

    /// The URL's host without IPv6 brackets.
    public static func host(of url: URL) -> String? {
        guard var host = url.host, !host.isEmpty else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host
    }

    /// Why an address (4 or 16 bytes) is refused, or nil when it is globally reachable.
    /// The blocks are RFC 6890's registries (with RFC 6598 for shared address space and
    /// RFC 4291 §2.5.5 for IPv4 inside IPv6); the cloud metadata services live in
    /// 169.254.0.0/16 and fd00:ec2::/32.
    public static func restriction(of address: [UInt8]) -> String? {
        if address.count == 4 { return restriction(ipv4: address) }
        guard address.count == 16 else { return "malformed" }
        if address.allSatisfy({ $0 == 0 }) { return "unspecified" }
        if address[0..<15].allSatisfy({ $0 == 0 }) && address[15] == 1 { return "loopback" }
        // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96):
        // the IPv4 address inside decides.
        if address[0..<10].allSatisfy({ $0 == 0 }) && ((address[10] == 0xFF && address[11] == 0xFF) || (address[10] == 0 && address[11] == 0)) {
            return restriction(ipv4: Array(address[12..<16]))
        }
        if address[0..<12] == [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0][...] { return restriction(ipv4: Array(address[12..<16])) }
        // 6to4 (2002::/16) carries an IPv4 address in bytes 2–5.
        if address[0] == 0x20 && address[1] == 0x02, let inner = restriction(ipv4: Array(address[2..<6])) { return inner }
        if address[0] == 0xFE && address[1] & 0xC0 == 0x80 { return "link-local" }
        if address[0] == 0xFE && address[1] & 0xC0 == 0xC0 { return "site-local" }
        if address[0] & 0xFE == 0xFC { return "unique-local" }
        if address[0] == 0xFF { return "multicast" }
        return nil
    }

    static func restriction(ipv4 a: [UInt8]) -> String? {
        switch (a[0], a[1]) {
        case (0, _): return "unspecified"
        case (10, _), (172, 16...31), (192, 168): return "private"
        case (100, 64...127): return "shared (carrier NAT)"
        case (127, _): return "loopback"
        case (169, 254): return "link-local"
        case (192, 0) where a[2] == 0: return "reserved"
        case (198, 18...19): return "reserved"
        case (224...239, _): return "multicast"
        case (240...255, _): return "reserved"
        default: return nil
        }
    }

    /// The bytes of a numeric IPv4 or IPv6 address, nil for a name.
    public static func literal(_ host: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    /// Every address the system resolver gives for a name (empty when it gives none).
    /// `getaddrinfo` also reads the numeric forms `inet_pton` refuses (`2130706433`,
    /// `0x7f.1`), which therefore are checked by what they mean.
    public static func resolve(_ host: String) -> [[UInt8]] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [[UInt8]] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let socketAddress = entry.pointee.ai_addr {
                switch entry.pointee.ai_family {
                case AF_INET:
                    var address = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                    addresses.append(withUnsafeBytes(of: &address) { Array($0) })
                case AF_INET6:
                    var address = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                    addresses.append(withUnsafeBytes(of: &address) { Array($0) })
                default: break
                }
            }
            cursor = entry.pointee.ai_next
        }
        var seen = Set<[UInt8]>()
        return addresses.filter { seen.insert($0).inserted }
    }

    /// The numeric text of an address (`inet_ntop`).
    static func format(_ address: [UInt8]) -> String? {
        let family = address.count == 4 ? AF_INET : AF_INET6
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let done = address.withUnsafeBytes { bytes in inet_ntop(family, bytes.baseAddress, &text, socklen_t(text.count)) }
        guard done != nil else { return nil }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
