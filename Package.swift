// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "unspin",
    products: [
        .executable(name: "unspin", targets: ["unspin"]),
        .library(name: "UnspinKit", targets: ["UnspinKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
        .target(name: "CUnspinData"),
        .target(
            name: "UnspinKit",
            dependencies: ["CICU", "CUnspinData"]
        ),
        .executableTarget(
            name: "unspin",
            dependencies: [
                "UnspinKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "UnspinKitTests", dependencies: ["UnspinKit"]),
        .testTarget(name: "UnspinCLITests", dependencies: ["unspin"]),
    ]
)
