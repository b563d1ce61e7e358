// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Floe",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "floe", targets: ["FloeCLI"]),
        .executable(name: "floe-bench-matching", targets: ["FloeBenchMatching"]),
        .executable(name: "floe-bench-engine", targets: ["FloeBenchEngine"]),
        .library(name: "FloeCore", targets: ["FloeCore"]),
        .library(name: "FloeEngine", targets: ["FloeEngine"]),
        .library(name: "FloeApp", targets: ["FloeApp"]),
        .library(name: "FloeClient", targets: ["FloeClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(
            name: "FloeCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .target(
            name: "FloeEngine",
            dependencies: [
                "FloeCore",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "FloeStoreSQLite",
            dependencies: ["FloeEngine", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .target(
            name: "FloeStorePostgres",
            dependencies: [
                "FloeEngine",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "FloeStorage",
            dependencies: [
                "FloeCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        .target(name: "CFloeLibav", linkerSettings: [.linkedLibrary("dl")]),
        .target(
            name: "FloeMedia",
            dependencies: [
                "FloeEngine", "FloeStorage", "CFloeLibav",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "FloeNotify",
            dependencies: [
                "FloeEngine",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "FloeApp",
            dependencies: [
                "FloeCore", "FloeEngine", "FloeStoreSQLite", "FloeStorePostgres", "FloeStorage", "FloeMedia", "FloeAPI", "FloeClient", "FloeNotify",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "FloeAPI",
            dependencies: [
                "FloeCore", "FloeEngine", "FloeStorage",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "FloeClient",
            dependencies: [
                "FloeCore", "FloeAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "FloeCLI",
            dependencies: [
                "FloeApp", "FloeClient", "FloeNotify",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "FloeBenchMatching", dependencies: ["FloeCore"], swiftSettings: strict),
        .executableTarget(
            name: "FloeBenchEngine",
            dependencies: [
                "FloeEngine", "FloeStoreSQLite", "FloeStorePostgres",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "FloeTesting",
            dependencies: [
                "FloeCore", "FloeEngine", "FloeStorage", "FloeMedia", "FloeAPI", "FloeStoreSQLite", "FloeStorePostgres",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "FloeCoreTests", dependencies: ["FloeCore"], swiftSettings: strict),
        .testTarget(name: "FloeTestingTests", dependencies: ["FloeTesting"], swiftSettings: strict),
        .testTarget(name: "FloeEngineTests", dependencies: ["FloeEngine", "FloeTesting"], swiftSettings: strict),
        .testTarget(
            name: "FloeNotifyTests",
            dependencies: [
                "FloeNotify", "FloeTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "FloeStoreSQLiteTests", dependencies: ["FloeStoreSQLite", "FloeTesting"], swiftSettings: strict),
        .testTarget(
            name: "FloeStorePostgresTests",
            dependencies: ["FloeStorePostgres", "FloeTesting"],
            swiftSettings: strict
        ),
        .testTarget(name: "FloeStorageTests", dependencies: ["FloeStorage", "FloeTesting"], swiftSettings: strict),
        .testTarget(name: "FloeMediaTests", dependencies: ["FloeMedia", "FloeTesting"], swiftSettings: strict),
        .testTarget(name: "FloeAppTests", dependencies: ["FloeApp", "FloeMedia", "FloeStorePostgres", "FloeTesting",
                                                      .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strict),
        .testTarget(
            name: "FloeClientTests",
            dependencies: ["FloeClient", "FloeTesting"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FloeAPITests",
            dependencies: [
                "FloeAPI", "FloeStoreSQLite", "FloeTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
    ]
)
