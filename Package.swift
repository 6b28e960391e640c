// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Understudy",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "understudy", targets: ["understudy"]),
        .library(name: "UnderstudySchema", targets: ["UnderstudySchema"]),
        .library(name: "UnderstudyContract", targets: ["UnderstudyContract"]),
        .library(name: "UnderstudyMock", targets: ["UnderstudyMock"]),
        .library(name: "UnderstudyServer", targets: ["UnderstudyServer"]),
        .library(name: "UnderstudyScenarios", targets: ["UnderstudyScenarios"]),
        .library(name: "UnderstudyFuzzing", targets: ["UnderstudyFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // serve --state: SQLite with transactions, WAL and typed rows, the brief's choice for persistence.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(
            name: "UnderstudySchema",
            swiftSettings: strictSettings,
            // ICU as Foundation ships it (`_FoundationICU`): NSRegularExpression gives no way to bound a
            // match, and a contract's pattern that backtracks catastrophically would hold a server thread.
            linkerSettings: [.linkedLibrary("_FoundationICU")]
        ),
        .target(
            name: "UnderstudyContract",
            dependencies: [
                "CYAML",
                "UnderstudySchema",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "UnderstudyMock",
            dependencies: [
                "UnderstudySchema",
                "UnderstudyContract",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "UnderstudyServer",
            dependencies: [
                "UnderstudyMock",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "UnderstudyScenarios",
            dependencies: [
                "UnderstudySchema",
                "UnderstudyContract",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "UnderstudyPersistence",
            dependencies: [
                "UnderstudyMock",
                "UnderstudySchema",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the statements the change log's transactions repeat thousands of times.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "UnderstudyHarness",
            dependencies: ["UnderstudyMock", "UnderstudyScenarios", "UnderstudyContract"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "understudy",
            dependencies: [
                "UnderstudySchema",
                "UnderstudyContract",
                "UnderstudyMock",
                "UnderstudyServer",
                "UnderstudyScenarios",
                "UnderstudyHarness",
                "UnderstudyPersistence",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "UnderstudyFuzzing",
            dependencies: ["UnderstudySchema", "UnderstudyContract", "UnderstudyMock"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "UnderstudyTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "UnderstudySchemaTests",
            dependencies: ["UnderstudySchema", "UnderstudyTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "UnderstudyContractTests",
            dependencies: ["UnderstudyContract", "UnderstudySchema", "UnderstudyTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "UnderstudyMockTests",
            dependencies: [
                "UnderstudyMock", "UnderstudyContract", "UnderstudySchema", "UnderstudyFuzzing",
                "UnderstudyTestSupport",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "UnderstudyServerTests",
            dependencies: [
                "UnderstudyServer", "UnderstudyMock", "UnderstudyContract", "UnderstudySchema", "UnderstudyTestSupport",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "UnderstudyScenariosTests",
            dependencies: [
                "UnderstudyScenarios", "UnderstudyHarness", "UnderstudyMock", "UnderstudyContract", "UnderstudySchema",
                "UnderstudyServer", "UnderstudyTestSupport",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "UnderstudyPersistenceTests",
            dependencies: [
                "UnderstudyPersistence", "UnderstudyMock", "UnderstudyContract", "UnderstudySchema",
                "UnderstudyTestSupport",
                // To make a state file in the layout of an earlier release.
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "UnderstudyCLITests",
            dependencies: ["understudy", "UnderstudySchema", "UnderstudyTestSupport"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)

var strictSettings: [SwiftSetting] {
    [.enableUpcomingFeature("ExistentialAny")]
}
