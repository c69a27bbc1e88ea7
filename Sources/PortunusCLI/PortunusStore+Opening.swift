import Logging
import PortunusCore
import Storage

extension PortunusStore {
    /// Opens the store for a command, saying once (on the open that did it) that an older data
    /// directory's modes were tightened to owner-only. Never names the files' contents.
    static func opening(dataDirectory: String) throws(PortunusError) -> PortunusStore {
        let store = try PortunusStore(dataDirectory: dataDirectory)
        if !store.tightened.isEmpty {
            Logger(label: "portunus.store").warning(
                "data directory made owner-only: it and \(store.tightened.count - (store.tightened.contains(".") ? 1 : 0)) file(s) and folder(s) in it were readable by other users (now 0700 / 0600)",
                metadata: ["directory": "\(dataDirectory)"])
        }
        return store
    }
}
