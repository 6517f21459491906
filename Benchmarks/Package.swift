// swift-tools-version: 6.1
// The benchmark harness (issue 6). A separate package so that building or testing
// unspin never compiles ordo-one/benchmark; it depends on the product by path.
//
//   swift package --package-path Benchmarks benchmark            # all kernels
//   swift package --package-path Benchmarks benchmark --filter 'analyze.*'
//
// Traits: MallocInterposer gives the malloc counts. RuntimeInterposer (ARC retain/release
// counters on Swift 6.3) is left out: no kernel reports them, and without it SwiftPM does not
// need the swift-runtime-interposer package.
//
// Run scripts/make_bench_corpus.py first (scripts/bench.sh does): the corpus kernels
// read .build-bench-data/prose.txt and spun.txt. See docs/BENCHMARKS.md.
import PackageDescription

import class Foundation.ProcessInfo

// The unspin package to measure: the repository (..) unless UNSPIN_BENCH_ROOT names another
// checkout (scripts/bench.sh --kernels sets it to its snapshot of the working tree).
let unspinRoot = ProcessInfo.processInfo.environment["UNSPIN_BENCH_ROOT"].flatMap { $0.isEmpty ? nil : $0 } ?? ".."

let package = Package(
    name: "UnspinBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        // Named, so the harness works whatever the checkout directory is called.
        .package(name: "unspin", path: unspinRoot),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "UnspinBenchmarks",
            dependencies: [
                .product(name: "UnspinKit", package: "unspin"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/UnspinBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
    ]
)
