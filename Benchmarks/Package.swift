// swift-tools-version: 6.1
// Benchmarks live in their own package so that the main package never resolves the
// benchmark harness. Run with `make bench` (release builds only).
import PackageDescription

let package = Package(
    name: "PortunusBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Portunus", path: ".."),
        // The MallocInterposer trait is required to build on Linux with Swift 6.3; it counts
        // allocations and so adds a little to wall-clock figures (they are conservative).
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "ImportBenchmarks",
            dependencies: [
                .product(name: "PortunusKit", package: "Portunus"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ImportBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "RiskBenchmarks",
            dependencies: [
                .product(name: "PortunusKit", package: "Portunus"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/RiskBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "LedgerBenchmarks",
            dependencies: [
                .product(name: "PortunusKit", package: "Portunus"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/LedgerBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "TravelBenchmarks",
            dependencies: [
                .product(name: "PortunusKit", package: "Portunus"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/TravelBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ScreeningBenchmarks",
            dependencies: [
                .product(name: "PortunusKit", package: "Portunus"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ScreeningBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "TargetingBenchmarks",
            dependencies: [
                .product(name: "PortunusKit", package: "Portunus"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/TargetingBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "IdentityBenchmarks",
            dependencies: [
                .product(name: "PortunusKit", package: "Portunus"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/IdentityBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "GeoBenchmarks",
            dependencies: [
                .product(name: "PortunusKit", package: "Portunus"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/GeoBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "BiometricsBenchmarks",
            dependencies: [
                .product(name: "PortunusKit", package: "Portunus"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/BiometricsBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Not a benchmark target: the load generator for the tracking listeners, run by
        // Benchmarks/tracking/run against a `portunus serve` in another process.
        .executableTarget(
            name: "TrackingLoad",
            dependencies: [
                .product(name: "PortunusKit", package: "Portunus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tools/TrackingLoad",
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
