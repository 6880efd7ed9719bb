// swift-tools-version: 6.1
// Sextant: statistically sound answers from benchmark histories.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Sextant",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sextant", targets: ["sextant"]),
        .executable(name: "optics-bench", targets: ["optics-bench"]),
        .library(name: "SextantNumerics", targets: ["SextantNumerics"]),
        .library(name: "SextantChangePoint", targets: ["SextantChangePoint"]),
        .library(name: "SextantForecast", targets: ["SextantForecast"]),
        .library(name: "SextantHistory", targets: ["SextantHistory"]),
        .library(name: "SextantAnalysis", targets: ["SextantAnalysis"]),
        .library(name: "SextantGate", targets: ["SextantGate"]),
        .library(name: "SextantReport", targets: ["SextantReport"]),
        .library(name: "Optics", targets: ["Optics"]),
        .library(name: "SextantText", targets: ["SextantText"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
    ],
    targets: [
        // LAPACKE + CBLAS from Debian's liblapacke-dev, liblapack-dev, libopenblas-dev.
        .systemLibrary(
            name: "CLapack",
            pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev", "liblapack-dev", "libopenblas-dev"])]
        ),
        // xerbla_ / LAPACKE_xerbla overrides: record an illegal argument instead of exiting.
        .target(name: "_LapackShims"),
        .target(name: "SextantNumerics", dependencies: ["CLapack", "_LapackShims", "SextantText"], swiftSettings: strict),
        .target(name: "SextantCore", swiftSettings: strict),
        // Byte-level text readers, below every module that reads text: Delimited/ and Decimal/ (issue 16);
        // the one JSON reader, UTF-8 checks, field limits, checked integer conversions (issue 12).
        .target(name: "SextantText", swiftSettings: strict),
        // The PELT change-in-mean kernel in C with portable vector extensions (AVX2 when available).
        // Optimised in debug builds too: the many-seed change-point tests run the exact kernels on
        // series of 10^4 points (issue 13), which take minutes at -O0.
        .target(name: "_ChangePointKernels", cSettings: [.unsafeFlags(["-O2"])]),
        // SHA-256 block compression with the x86 SHA extensions, for run content hashes (issue 16);
        // SHA256Hasher falls back to its portable Swift compression without them.
        .target(name: "_SHA256Kernel", cSettings: [.unsafeFlags(["-O2"])]),
        .target(
            name: "SextantChangePoint", dependencies: ["SextantCore", "SextantNumerics", "_ChangePointKernels"],
            swiftSettings: strict),
        .target(name: "SextantForecast", dependencies: ["SextantCore", "SextantNumerics"], swiftSettings: strict),
        .target(
            name: "SextantHistory",
            dependencies: ["SextantCore", "SextantText", "_SHA256Kernel", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // Per-series analysis between the kernels (ChangePoint, Forecast) and the verdicts (Gate).
        .target(
            name: "SextantAnalysis",
            dependencies: ["SextantCore", "SextantNumerics", "SextantChangePoint", "SextantForecast", "SextantHistory"],
            swiftSettings: strict
        ),
        .target(
            name: "SextantGate",
            dependencies: ["SextantNumerics", "SextantAnalysis", "SextantForecast", "SextantHistory", "SextantText"],
            swiftSettings: strict
        ),
        .target(
            name: "SextantReport",
            dependencies: ["SextantGate", "SextantAnalysis", "SextantHistory", "SextantChangePoint", "SextantForecast"], swiftSettings: strict),
        .target(name: "Optics", swiftSettings: strict),
        // optics-bench's instruction counter: perf_event_open, else Callgrind client requests (issue 14).
        .target(name: "_InstructionCounter"),
        // The edge to git (issue 15): the history branch of run files, merge-base lookups.
        .target(name: "SextantSync", dependencies: ["SextantHistory"], swiftSettings: strict),
        // The edge to HTTP (issue 15): one small client (timeouts, bounded retries, redaction), PR comments.
        .target(name: "SextantNet", dependencies: ["SextantText"], swiftSettings: strict),
        .executableTarget(
            name: "optics-bench",
            dependencies: ["Optics", "_InstructionCounter", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "sextant",
            dependencies: [
                "SextantNumerics", "SextantChangePoint", "SextantForecast", "SextantHistory",
                "SextantAnalysis", "SextantGate", "SextantReport",
                "SextantSync", "SextantNet", "SextantPostgres", "SextantText",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Timing harness for `make bench`: prints JSON timings that scripts/bench_*.py set beside the peers.
        .executableTarget(
            name: "sextant-bench",
            dependencies: ["SextantNumerics", "SextantChangePoint", "SextantForecast", "SextantHistory", "SextantAnalysis", "SextantGate", "SextantText"],
            path: "Benchmarks/sextant-bench",
            swiftSettings: strict
        ),
        .testTarget(name: "SextantNumericsTests", dependencies: ["SextantNumerics"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "SextantChangePointTests",
            dependencies: ["SextantChangePoint", "SextantNumerics", "SextantTestSupport", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strict
        ),
        .testTarget(name: "SextantTextTests", dependencies: ["SextantText", "SextantTestSupport"], swiftSettings: strict),
        .testTarget(name: "SextantForecastTests", dependencies: ["SextantForecast", "SextantNumerics"], swiftSettings: strict),
        .testTarget(name: "SextantHistoryTests", dependencies: ["SextantHistory"], swiftSettings: strict),
        // Shared by the test targets: signal generators, the binary runner, fixture paths.
        .target(name: "SextantTestSupport", dependencies: ["SextantNumerics"], path: "Tests/SextantTestSupport", swiftSettings: strict),
        .testTarget(name: "SextantAnalysisTests", dependencies: ["SextantAnalysis", "SextantNumerics", "SextantTestSupport"], swiftSettings: strict),
        .testTarget(name: "SextantGateTests", dependencies: ["SextantGate", "SextantAnalysis", "SextantHistory", "SextantNumerics", "SextantTestSupport"], swiftSettings: strict),
        .testTarget(name: "SextantReportTests", dependencies: ["SextantReport", "SextantAnalysis", "SextantGate", "SextantNumerics", "SextantTestSupport"], swiftSettings: strict),
        .testTarget(name: "SextantSyncTests", dependencies: ["SextantSync", "SextantHistory"], swiftSettings: strict),
        .testTarget(
            name: "OpticsTests",
            dependencies: ["Optics", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strict
        ),
        // Runs the built `sextant` and `optics-bench` binaries and checks output and exit codes.
        .testTarget(name: "CLITests", dependencies: ["SextantTestSupport"], swiftSettings: strict),
        // Issue 20: the history on a PostgreSQL server through libpq (Debian libpq-dev; docs/postgresql.md).
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .target(name: "SextantPostgres", dependencies: ["SextantHistory", "CLibPQ"], swiftSettings: strict),
        // The store suite once per backend (SQLite file, PostgreSQL server started by scripts/pg_test_server.sh).
        .testTarget(name: "SextantStoreTests", dependencies: ["SextantHistory", "SextantPostgres"], swiftSettings: strict),
    ]
)

// MARK: fuzzing (issue 12): libFuzzer targets in Fuzz/, only when SEXTANT_FUZZ is set, so that ordinary
// builds never see them. `make fuzz` builds them with -sanitize=fuzzer,address in .build-fuzz.
import Foundation
if ProcessInfo.processInfo.environment["SEXTANT_FUZZ"] != nil {
    package.targets += [
        .target(name: "_FuzzDriver", path: "Fuzz/_FuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["_FuzzDriver", "SextantTestSupport"], path: "Fuzz/FuzzSupport", swiftSettings: strict),
        .executableTarget(name: "fuzz-json", dependencies: ["FuzzSupport", "SextantText"], path: "Fuzz/fuzz-json", swiftSettings: strict),
        .executableTarget(name: "fuzz-policy", dependencies: ["FuzzSupport", "SextantGate"], path: "Fuzz/fuzz-policy", swiftSettings: strict),
        .executableTarget(name: "fuzz-importers", dependencies: ["FuzzSupport", "SextantHistory"], path: "Fuzz/fuzz-importers", swiftSettings: strict),
        // What the fuzz-render-* targets render: small reports named by the input, statistics computed once.
        .target(
            name: "FuzzRenderInputs",
            dependencies: ["SextantReport", "SextantAnalysis", "SextantGate", "SextantHistory", "SextantChangePoint", "SextantForecast"],
            path: "Fuzz/FuzzRenderInputs", swiftSettings: strict),
    ] + ["md", "junit", "csv", "table", "json", "html"].map { language in
        .executableTarget(name: "fuzz-render-\(language)", dependencies: ["FuzzSupport", "FuzzRenderInputs", "SextantReport", "SextantText"],
                          path: "Fuzz/fuzz-render-\(language)", swiftSettings: strict)
    }
}
