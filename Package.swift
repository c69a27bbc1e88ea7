// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Portunus",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "portunus", targets: ["portunus"]),
        .library(name: "PortunusCore", targets: ["PortunusCore"]),
        // For embedding and for the Benchmarks/ package.
        .library(name: "PortunusKit", targets: ["Portunus", "Storage", "PortunusCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Domain values shared by every module. Foundation only.
        .target(name: "PortunusCore"),
        // Persistence: SQLite through GRDB (WAL, migrations, transactional batches).
        .target(
            name: "Storage",
            dependencies: [
                "PortunusCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // Use cases shared by the CLI and (later) the HTTP server.
        .target(
            name: "Portunus",
            dependencies: [
                "PortunusCore",
                "Storage",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "portunus",
            dependencies: [
                "Portunus",
                "PortunusCore",
                "Storage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Locating data sets and the built executable; skip-or-fail rules (PORTUNUS_STRICT).
        .target(name: "PortunusTestSupport", path: "Tests/PortunusTestSupport"),
        .testTarget(name: "PortunusCoreTests", dependencies: ["PortunusCore"]),
        .testTarget(
            name: "StorageTests",
            dependencies: ["Storage", "PortunusCore", "PortunusTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "PortunusTests",
            dependencies: ["Portunus", "Storage", "PortunusCore", "PortunusTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "portunusTests", dependencies: ["portunus", "Portunus", "Storage", "PortunusCore", "PortunusTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
