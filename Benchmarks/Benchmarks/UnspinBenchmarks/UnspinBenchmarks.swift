import Benchmark
import UnspinKit

let benchmarks: @Sendable () -> Void = {
    Benchmark("noop") { _ in }
}
