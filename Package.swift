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
        // The rollmon-trace 1 file format: streaming reader and writer (file I/O lives here, not in RollAnalysis).
        .target(name: "RollTrace", dependencies: ["RollCore", "RollAnalysis"]),
        // Ground-truth simulator: a ball or roller under a foot, with a realistic IMU and force sensor.
        .target(name: "RollSim", dependencies: ["RollCore", "RollAnalysis", "RollTrace"]),
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
        .executableTarget(
            name: "rollmon",
            dependencies: [
                "RollCore", "RollAnalysis", "RollTrace", "RollSim", "SensorIO", "SensorModels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // Kernel-in-the-loop checks: run inside a QEMU guest against i2c-stub and gpio-sim (see scripts/hil).
        .executableTarget(name: "rollmon-hil", dependencies: ["SensorIO", "RollCore"]),
        .executableTarget(name: "rollmon-bench", dependencies: ["RollCore", "RollAnalysis", "RollTrace", "RollSim"]),
        // Helpers used by several test targets (temporary directories, ...). A plain target: never in a product.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "RollAnalysisTests",
            dependencies: ["RollCore", "RollAnalysis", "RollTrace", "RollSim", "TestSupport"]
        ),
        .testTarget(
            name: "SensorIOTests",
            dependencies: [
                "SensorIO", "SensorModels", "RollCore", "RollTrace",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .testTarget(name: "RollmonCLITests", dependencies: ["rollmon", "RollAnalysis", "RollTrace", "RollSim", "TestSupport"]),
    ]
)
