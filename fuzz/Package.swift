// swift-tools-version: 6.1
// Coverage-guided fuzz targets (libFuzzer) for the parts of Understudy that read untrusted bytes. One
// executable, `UnderstudyFuzz TARGET [libFuzzer options]`, feeds its inputs to that entry of the main
// package's UnderstudyFuzzing module, which the regression tests run too. Build and run with fuzz/run (it
// passes -sanitize=fuzzer,address).
import PackageDescription

let package = Package(
    name: "UnderstudyFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Understudy", path: ".."),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "UnderstudyFuzz",
            dependencies: [
                .product(name: "UnderstudyFuzzing", package: "Understudy"),
                .product(name: "Logging", package: "swift-log"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
