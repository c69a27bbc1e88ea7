import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Reads a log laid out in the C2SP static form: from a directory or over HTTP(S).
public struct LogSource: Sendable {
    public let location: String
    /// Reads a resource (`checkpoint`, a tile path); nil when it does not exist.
    public let fetch: @Sendable (String) throws(LedgerError) -> Data?

    /// A directory holding `checkpoint` and `tile/`.
    public static func directory(_ url: URL) -> LogSource {
        LogSource(location: url.path) { resource throws(LedgerError) in
            FileManager.default.contents(atPath: url.path + "/" + resource)
        }
    }

    /// A URL prefix (`https://customs.example/ledger`): `<prefix>/checkpoint`, `<prefix>/tile/…`.
    public static func http(_ prefix: URL) -> LogSource {
        LogSource(location: prefix.absoluteString) { resource throws(LedgerError) in
            let url = prefix.appendingPathComponent(resource)
            final class Box: @unchecked Sendable { var result: Result<Data?, LedgerError> = .success(nil) }
            let box = Box()
            let done = DispatchSemaphore(value: 0)
            URLSession.shared.dataTask(with: url) { data, response, error in
                defer { done.signal() }
                if let error {
                    box.result = .failure(LedgerError(.io, "fetch failed: \(error.localizedDescription)", resource: resource))
                    return
                }
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if status == 404 {
                    box.result = .success(nil)
                    return
                }
                guard status == 200 else {
                    box.result = .failure(LedgerError(.io, "HTTP \(status)", resource: resource))
                    return
                }
                box.result = .success(data ?? Data())
            }.resume()
            done.wait()
            return try box.result.get()
        }
    }

    func tile(_ tile: TilePath) throws(LedgerError) -> Data {
        guard let data = try fetch(tile.description) else {
            throw LedgerError(.missingTile, "a tile the checkpoint needs is missing", resource: tile.description)
        }
        return data
    }
}
