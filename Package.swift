// swift-tools-version: 6.1
import PackageDescription

/// The domain modules the use cases, the server and the CLI build on (logic over values; none
/// imports a framework). One list, so a new domain module is added in one place.
let domainModules: [Target.Dependency] = [
    "PortunusCore", "RiskEngine", "Rules", "Travel", "Screening", "IdentityDocuments", "Biometrics", "Tracking", "Tariff",
    "SentenceEmbedding", "Ledger", "Clearance",
]

let package = Package(
    name: "Portunus",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "portunus", targets: ["PortunusCLI"]),
        .library(name: "PortunusCore", targets: ["PortunusCore"]),
        // For embedding and for the Benchmarks/ package.
        .library(
            name: "PortunusKit",
            targets: [
                "Portunus", "Storage", "PortunusCore", "RiskEngine", "XGBoostKit", "Ledger", "Rules", "Travel", "Screening", "IdentityDocuments",
                "Biometrics", "Tracking", "Tariff", "SentenceEmbedding", "Clearance", "PortunusServer",
            ]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        // Domain values shared by every module. Foundation only.
        .target(name: "PortunusCore"),
        // XGBoost's C API (Debian libxgboost-dev 1.7), and the one Swift module that touches it.
        .systemLibrary(
            name: "CXGBoost",
            pkgConfig: "xgboost",
            providers: [.apt(["libxgboost-dev"])]
        ),
        .target(name: "XGBoostKit", dependencies: ["CXGBoost"]),
        // Fraud risk: features without leakage, models, evaluation. Logic over values.
        .target(name: "RiskEngine", dependencies: ["PortunusCore", "XGBoostKit", "Rules", .product(name: "Crypto", package: "swift-crypto")]),
        // The verifiable ledger: a C2SP tiled transparency log (RFC 6962 hashing, signed notes,
        // checkpoints, tiles, proofs). Depends on nothing of ours: partners can reuse it.
        .target(name: "Ledger", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Analysts' rules without code: YAML rule sets validated on load, evaluated over the
        // facts a domain provides (goods declarations now, travellers later).
        .target(name: "Rules", dependencies: [.product(name: "Yams", package: "Yams")]),
        // Travel data: UN/EDIFACT read tolerantly (PAXLST, PNRGOV); PortunusCore for errors and CSV.
        .target(name: "Travel", dependencies: ["PortunusCore"]),
        // Watch-list screening of travellers: names, phonetic keys, transliteration, documents.
        .target(name: "Screening", dependencies: ["PortunusCore"]),
        // Debian's OpenSSL 3 (libssl-dev) for ePassport CMS and master lists; only IdentityDocuments uses it.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(name: "IdentityDocuments", dependencies: ["PortunusCore", "COpenSSL"]),
        // Debian's OpenBLAS for exact biometric search, and hnswlib (header-only) behind a C
        // interface for approximate search; only Biometrics uses them.
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(name: "CHNSW", path: "Sources/CHNSW"),
        .target(name: "Biometrics", dependencies: ["PortunusCore", "CBLAS", "CHNSW"]),
        // Sentence embeddings for the HS classification assistant: a safetensors reader, BERT's
        // WordPiece tokenizer and the MiniLM-L6 forward pass over OpenBLAS.
        // Compiled optimised in debug builds too: the tests encode thousands of texts.
        .target(
            name: "SentenceEmbedding", dependencies: ["PortunusCore", "CBLAS", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: [.unsafeFlags(["-O"])]),
        // Geodata, zones and drones: GeoJSON, geometry, Remote ID decoding from pcap/pcapng.
        .target(name: "Tracking", dependencies: ["PortunusCore"]),
        // The Harmonized System: editions, sections, the public nomenclature and correlation files.
        .target(name: "Tariff", dependencies: ["PortunusCore", "SentenceEmbedding"]),
        // A declaration's life from arrival to exit: the clearance state machine and its milestones.
        .target(name: "Clearance", dependencies: ["PortunusCore", "RiskEngine"]),
        // Persistence: SQLite through GRDB (WAL, migrations, transactional batches).
        .target(
            name: "Storage",
            dependencies: [
                "PortunusCore",
                // Stores persist the domain's own types (architecture rule 2): lanes, assessments.
                "RiskEngine",
                "Rules",
                // Movements, vetting items and lookouts keep their states as the domain's enums.
                "Tracking",
                "Travel",
                // The declaration's clearance state and its milestone log.
                "Clearance",
                // The national tariff's measures and the duty calculations, as the tariff module's types.
                "Tariff",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // Use cases shared by the CLI and the HTTP server.
        .target(
            name: "Portunus",
            dependencies: domainModules + [
                "Storage",
                // Its errors become PortunusError here, at the module edge (PortunusError+ModuleErrors).
                "XGBoostKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The HTTP API: decode, authorize, call a use case, encode.
        .target(
            name: "PortunusServer",
            dependencies: domainModules + [
                "Portunus",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                // The HTTP listeners' own pipeline pieces (a request-head deadline) name these types.
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            resources: [.copy("Resources/openapi.yaml")]
        ),
        // The command-line tool; its product (and so the binary) is `portunus`. The folder is named
        // apart from Sources/Portunus, which a case-insensitive disk would merge with it.
        .executableTarget(
            name: "PortunusCLI",
            dependencies: domainModules + [
                "Portunus",
                "PortunusServer",
                "Storage",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Locating data sets and the built executable; skip-or-fail rules (PORTUNUS_STRICT).
        .target(name: "PortunusTestSupport", dependencies: ["PortunusCore"], path: "Tests/PortunusTestSupport"),
        .testTarget(name: "PortunusCoreTests", dependencies: ["PortunusCore", "PortunusTestSupport"]),
        .testTarget(name: "XGBoostKitTests", dependencies: ["XGBoostKit", "PortunusTestSupport"]),
        .testTarget(name: "RulesTests", dependencies: ["Rules"]),
        .testTarget(name: "TravelTests", dependencies: ["Travel", "PortunusCore", "PortunusTestSupport"]),
        .testTarget(name: "ScreeningTests", dependencies: ["Screening", "PortunusTestSupport"]),
        .testTarget(name: "IdentityDocumentsTests", dependencies: ["IdentityDocuments", "PortunusTestSupport"]),
        .testTarget(name: "TrackingTests", dependencies: ["Tracking", "PortunusCore", "PortunusTestSupport"]),
        .testTarget(
            name: "TariffTests", dependencies: ["Tariff", "SentenceEmbedding", "PortunusCore", "PortunusTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "BiometricsTests", dependencies: ["Biometrics", "Portunus", "Storage", "PortunusCore", "PortunusTestSupport"]),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "PortunusCore", "PortunusTestSupport"]),
        .testTarget(name: "ClearanceTests", dependencies: ["Clearance", "RiskEngine", "PortunusCore"]),
        .testTarget(name: "RiskEngineTests", dependencies: ["RiskEngine", "Rules", "PortunusCore", "PortunusTestSupport"]),
        .testTarget(
            name: "StorageTests",
            dependencies: [
                "Storage", "PortunusCore", "Clearance", "RiskEngine", "PortunusTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "PortunusTests",
            dependencies: [
                "Portunus", "Storage", "PortunusCore", "RiskEngine", "Rules", "Tracking", "Tariff", "PortunusTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "PortunusServerTests",
            dependencies: [
                "PortunusServer", "Portunus", "Storage", "PortunusCore", "Ledger", "Rules", "XGBoostKit", "Biometrics", "Tracking",
                "PortunusTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "PortunusCLITests", dependencies: ["PortunusCLI", "Portunus", "Storage", "PortunusCore", "Ledger", "Travel", "PortunusTestSupport"]),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
