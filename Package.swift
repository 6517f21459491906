// swift-tools-version: 6.0
import PackageDescription

let optimizedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "unspin",
    products: [
        .executable(name: "unspin", targets: ["unspin"]),
        .library(name: "UnspinKit", targets: ["UnspinKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // ICU behind a header with plain <stdint.h> types: Swift cannot see ICU's
        // version-suffixed symbols, and ICU's own types clash with Foundation's ICU copy.
        .target(
            name: "CICU",
            linkerSettings: [
                .linkedLibrary("icui18n"),
                .linkedLibrary("icuuc"),
                .linkedLibrary("icudata"),
            ]
        ),
        // The built-in dictionaries, compiled into the binary with C23 #embed so that
        // every copy of `unspin` finds them without configuration.
        // builtins.snapshot: the same dictionaries compiled (scripts/build_snapshot.sh).
        .target(name: "CUnspinData", exclude: ["builtins.snapshot"]),
        // The few system calls Swift's Glibc module lacks (extended attributes).
        .target(name: "CPlatform"),
        .target(
            name: "UnspinKit",
            dependencies: ["CICU", "CUnspinData", "CPlatform"],
            // Optimised in debug builds too: the test suites run the built binary on
            // megabytes of text, and unoptimised Swift is ten times slower there.
            swiftSettings: optimizedInDebug
        ),
        // Project configuration (.unspin.toml), globs and ignore files: what the
        // command line reads before it runs the engine.
        .target(
            name: "UnspinConfig",
            dependencies: ["UnspinKit", .product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: optimizedInDebug
        ),
        .executableTarget(
            name: "unspin",
            dependencies: [
                "UnspinKit",
                "UnspinConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimizedInDebug
        ),
        .testTarget(name: "UnspinKitTests", dependencies: ["UnspinKit", "CICU", "CUnspinData"]),
        .testTarget(name: "UnspinConfigTests", dependencies: ["UnspinConfig"]),
        .testTarget(name: "UnspinCLITests", dependencies: ["unspin"]),
    ]
)
