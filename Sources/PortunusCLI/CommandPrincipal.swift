import PortunusCore

/// The command line acts as an administrator of its own data directory.
let commandPrincipal = Principal(keyID: "cli", role: .admin)
