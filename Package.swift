// swift-tools-version:6.1
// rollmon — coaching a plantar-fascia / calf rolling routine from an IMU + force sensor.
// Data flows one way: SensorIO (hardware → samples) → RollAnalysis (pure) → rollmon (presenters).
// Both ends speak RollCore, the leaf vocabulary (vectors, `Sample`, `Foot`, `Tool`, constants); SensorIO never imports
// RollAnalysis.
import PackageDescription

let package = Package(
    name: "rollmon",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "rollmon", targets: ["rollmon"]),
        .library(name: "RollCore", targets: ["RollCore"]),
        .library(name: "RollAnalysis", targets: ["RollAnalysis"]),
        .library(name: "SensorIO", targets: ["SensorIO"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // libgpiod (v1.6 or v2.x, chosen by pkg-config) + i2c-dev / libi2c headers, with a header-only shim.
        .systemLibrary(
            name: "CGPIOD",
            pkgConfig: "libgpiod",
            providers: [.apt(["libgpiod-dev", "libi2c-dev"])]
        ),
        // The leaf vocabulary every other module shares: Vector3, Quaternion, Sample, Foot, Tool, physical constants.
        // No dependencies, no Foundation.
        .target(name: "RollCore"),
        // Pure, streaming analysis: samples in, events and a snapshot out. No I/O, no clocks, no globals.
        .target(name: "RollAnalysis", dependencies: ["RollCore"]),
        // The guided routine (interface §7): plans and a stepper driven by (time, input). Pure: no I/O, no clocks.
        .target(name: "RollRoutine", dependencies: ["RollCore"]),
        // The rollmon-trace 1 file format: streaming reader and writer (file I/O lives here, not in RollAnalysis).
        .target(name: "RollTrace", dependencies: ["RollCore", "RollAnalysis"]),
        // config.toml: parsed and range-checked into a typed RollmonConfig (a library so the fuzzer can link it).
        .target(
            name: "RollConfig",
            dependencies: ["RollCore", "RollTrace", "RollHistory", "SensorIO", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        // A session summary in words and in JSON: the one presenter of alerts and warnings, the one summary codec.
        .target(name: "RollSummary", dependencies: ["RollAnalysis", "RollTrace"]),
        // Ground-truth simulator: a ball or roller under a foot, with a realistic IMU and force sensor.
        .target(name: "RollSim", dependencies: ["RollCore", "RollAnalysis", "RollTrace", "RollSummary"]),
        // Hardware access only: I2C, GPIO, drivers, the live sample source.
        .target(
            name: "SensorIO",
            dependencies: [
                "CGPIOD", "RollCore",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Register-level device models written from the datasheets (for tests and the hardware-free demo).
        .target(
            name: "SensorModels",
            dependencies: ["SensorIO", "RollCore", .product(name: "SystemPackage", package: "swift-system")]
        ),
        // Session history: the SQLite index of the recordings (GRDB), and the pure day / streak / adherence rules.
        .target(
            name: "RollHistory",
            dependencies: ["RollCore", "RollAnalysis", "RollTrace", "RollSummary", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The report: a small SVG builder and the self-contained HTML page (no database; reads recordings only).
        .target(name: "RollReport", dependencies: ["RollCore", "RollHistory", "RollAnalysis", "RollTrace"]),
        .executableTarget(
            name: "rollmon",
            dependencies: [
                "RollCore", "RollAnalysis", "RollRoutine", "RollTrace", "RollConfig", "RollSummary", "RollSim", "SensorIO", "SensorModels",
                "RollHistory", "RollReport",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Kernel-in-the-loop checks: run inside a QEMU guest against i2c-stub and gpio-sim (see scripts/hil).
        .executableTarget(name: "rollmon-hil", dependencies: ["SensorIO", "RollCore"]),
        // libFuzzer targets for the trace reader and the config parser; a plain build is their regression runner.
        .executableTarget(name: "rollmon-fuzz", dependencies: ["RollTrace", "RollConfig", "RollAnalysis", "RollSummary"]),
        .executableTarget(name: "rollmon-bench", dependencies: ["RollCore", "RollAnalysis", "RollTrace", "RollSim", "RollHistory"]),
        // Helpers used by several test targets (temporary directories, ...). A plain target: never in a product.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "RollAnalysisTests",
            dependencies: ["RollCore", "RollAnalysis", "RollTrace", "RollSummary", "RollSim", "TestSupport"]
        ),
        .testTarget(
            name: "SensorIOTests",
            dependencies: [
                "SensorIO", "SensorModels", "RollCore", "RollTrace",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .testTarget(name: "RollRoutineTests", dependencies: ["RollRoutine", "RollCore"]),
        .testTarget(name: "RollmonCLITests", dependencies: ["rollmon", "RollCore", "RollAnalysis", "RollTrace", "RollSummary", "RollSim", "SensorIO", "TestSupport",
                                                            .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "RollHistoryTests", dependencies: ["RollCore", "RollHistory", "RollAnalysis", "TestSupport",
                                                             .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "RollReportTests", dependencies: ["RollCore", "RollReport", "RollHistory", "RollAnalysis"]),
    ]
)
