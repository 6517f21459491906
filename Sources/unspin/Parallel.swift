import ArgumentParser
import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// `--jobs N` / `-j N`: how many files `check`, `diff` and `rewrite` process at
/// once, and how many threads analyse the chunks of a large input (`fix` too)
/// or the lines of a corpus (`--jsonl`).
struct JobsOption: ParsableArguments {
    @Option(name: [.customShort("j", allowingJoined: true), .long],
            help: ArgumentHelp("Process up to N files, chunks of a large input, or corpus-mode lines at once (default: the number of cores; "
                + "1: one after another). Output is the same either way.", valueName: "N"))
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, not \(jobs)") }
    }

    /// The number of files, or chunks of one input, to process at once.
    var count: Int { jobs ?? JobsOption.cores }

    static var cores: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}

/// Runs `work(i)` for every i in 0..<count on up to `jobs` threads, and calls
/// `finish(i, result)` on the calling thread in order of i, each as soon as it
/// and all before it are done. What `work` writes through `Output` on another
/// thread is recorded and written just before its `finish`, so standard output
/// and standard error carry exactly what one-after-another processing writes.
/// With `jobs` 1 (or a single item) it is that: work and finish in turn, with
/// output written as it comes. At most a few items per thread run ahead of the
/// last one finished, which bounds the memory held by waiting results; items
/// for which `inTurn` is true (large inputs, standard input) are not run ahead
/// but on the calling thread when their turn comes, their output streamed as
/// always, so that memory stays bounded whatever their size.
func forEachInOrder<Result: Sendable>(
    count: Int, jobs: Int, inTurn: @escaping @Sendable (Int) -> Bool = { _ in false },
    work: @escaping @Sendable (Int) -> Result, finish: (Int, Result) -> Void
) {
    guard jobs > 1, count > 1 else {
        for i in 0..<count { finish(i, work(i)) }
        return
    }
    let slots = OrderedSlots<Result>(count: count)
    let ahead = DispatchSemaphore(value: 4 * jobs)
    let threads = DispatchGroup()
    for _ in 0..<min(jobs, count) {
        DispatchQueue.global(qos: .userInitiated).async(group: threads) {
            while true {
                ahead.wait()
                guard let i = slots.next() else {
                    ahead.signal()
                    return
                }
                if inTurn(i) {
                    slots.store(i, nil)
                    continue
                }
                let recording = OutputRecording()
                let result = Output.recording(into: recording) { work(i) }
                slots.store(i, (result, recording))
            }
        }
    }
    for i in 0..<count {
        if let (result, recording) = slots.take(i) {
            recording.replay()
            finish(i, result)
        } else {
            finish(i, work(i))
        }
        ahead.signal()
    }
    threads.wait()
}

/// The results of `forEachInOrder`: filled by any thread, taken in order by one.
private final class OrderedSlots<Result>: @unchecked Sendable {
    /// nil: not done yet; .some(nil): left for the calling thread.
    private var results: [(Result, OutputRecording)??]
    private var nextIndex = 0
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let filled = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init(count: Int) {
        results = Array(repeating: nil, count: count)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(filled, nil)
    }

    deinit {
        pthread_cond_destroy(filled)
        pthread_mutex_destroy(mutex)
        filled.deallocate()
        mutex.deallocate()
    }

    /// The next index to work on, or nil when all are taken.
    func next() -> Int? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard nextIndex < results.count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    func store(_ i: Int, _ result: (Result, OutputRecording)?) {
        pthread_mutex_lock(mutex)
        results[i] = .some(result)
        pthread_cond_broadcast(filled)
        pthread_mutex_unlock(mutex)
    }

    /// Waits for result `i` and takes it out (nil: the caller is to run it).
    func take(_ i: Int) -> (Result, OutputRecording)? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while case .none = results[i] { pthread_cond_wait(filled, mutex) }
        let result = results[i]!
        results[i] = nil
        return result
    }
}

/// Whether `path` is standard input or a file larger than 4 MiB (or
/// UNSPIN_LARGE_INPUT_BYTES, for tests): an input to process when its turn
/// comes rather than ahead (see forEachInOrder).
func isLargeInput(_ path: String) -> Bool {
    if path == "-" { return true }
    var st = stat()
    return stat(path, &st) == 0 && Int(st.st_size) > largeInputBytes
}

private let largeInputBytes: Int = {
    if let value = getenv("UNSPIN_LARGE_INPUT_BYTES"), let bytes = Int(String(cString: value)), bytes >= 0 { return bytes }
    return 4 << 20
}()
