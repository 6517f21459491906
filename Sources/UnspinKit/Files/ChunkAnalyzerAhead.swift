import Dispatch
#if canImport(Glibc)
import Glibc
#endif

extension ChunkAnalyzer {
    /// What `forEachPiece` analysed on other threads: chunks analysed ahead,
    /// and how many of those analyses were used (the others were made from a
    /// start state that turned out wrong, and the chunk was analysed again).
    public struct AheadCounts: Sendable, Equatable {
        public var analysed = 0
        public var used = 0
    }

    /// Reads `reader` to its end and calls `body` with each piece in order:
    /// the pieces that `add` and `finish` return. `willAdd` sees each chunk,
    /// in order, just before it is added. A read error is thrown when its turn
    /// comes, after the pieces of the chunks read before it.
    ///
    /// With `threads` above 1, chunks are read a few per thread ahead, and
    /// each chunk that starts a window of its own — one after a clean cut, so
    /// that nothing can be carried into it — is analysed ahead on up to
    /// `threads` threads from a predicted start state: the end state of the
    /// chunks added when it is read (`ownStart(of:)`). Its analysis is used
    /// only when `analysesAlone` confirms, at its turn, that `add` would make
    /// that very analysis; else `add` analyses it then. Everything else — the
    /// carried bytes, boundaries, positions — stays on this thread, so the
    /// pieces are those of `threads` 1, whatever the threads do. `willAdd` and
    /// `body` run on this thread.
    @discardableResult
    public static func forEachPiece(
        of reader: inout ChunkReader, unspinner: Unspinner, threads: Int = 1,
        willAdd: (ChunkReader.Chunk) -> Void = { _ in },
        _ body: (Piece) throws -> Void
    ) throws -> AheadCounts {
        var analyzer = ChunkAnalyzer(unspinner: unspinner, chunkSize: reader.chunkSize)
        var counts = AheadCounts()
        guard threads > 1 else {
            while let chunk = try reader.next() {
                willAdd(chunk)
                if let piece = analyzer.add(chunk) { try body(piece) }
            }
            if let piece = analyzer.finish() { try body(piece) }
            return counts
        }
        // Chunks read and not yet added, each with its analysis ahead if it has one.
        var pending: [(chunk: ChunkReader.Chunk, job: AheadJob?)] = []
        let depth = 2 * threads + 1
        var pool: AheadPool?
        defer { pool?.close() }
        var readError: (any Error)?
        var ended = false
        // The first chunk starts a window of its own.
        var afterCleanCut = true
        while true {
            while !ended, pending.count < depth {
                do {
                    guard let chunk = try reader.next() else {
                        ended = true
                        break
                    }
                    var job: AheadJob?
                    // The chunk added next is analysed by `add`: there is nothing to overlap it with.
                    if afterCleanCut && !pending.isEmpty {
                        if pool == nil { pool = AheadPool(unspinner: unspinner, threads: threads) }
                        job = AheadJob(chunk.bytes, from: analyzer.ownStart(of: chunk))
                        pool!.submit(job!)
                        counts.analysed += 1
                    }
                    afterCleanCut = chunk.endsCleanly
                    pending.append((chunk, job))
                } catch {
                    readError = error
                    ended = true
                }
            }
            guard !pending.isEmpty else { break }
            let (chunk, job) = pending.removeFirst()
            willAdd(chunk)
            var ahead: Analysis?
            if let job, let pool {
                if analyzer.analysesAlone(chunk, from: job.start) {
                    ahead = pool.result(of: job)
                    counts.used += 1
                } else {
                    pool.cancel(job)
                }
            }
            if let piece = analyzer.add(chunk, analysedAhead: ahead) { try body(piece) }
        }
        if let readError { throw readError }
        if let piece = analyzer.finish() { try body(piece) }
        return counts
    }
}

/// One chunk's analysis ahead, from a predicted start state.
final class AheadJob: Sendable {
    enum Status {
        case queued, running, cancelled
        case done(Analysis)
    }

    let bytes: [UInt8]
    let start: Unspinner.State
    let status = LockedValue<Status>(.queued)
    /// Signalled when a thread that took the job has stored its analysis.
    let finished = DispatchSemaphore(value: 0)

    init(_ bytes: [UInt8], from start: Unspinner.State) {
        self.bytes = bytes
        self.start = start
    }

    /// Takes the job if no thread has: whoever takes it analyses it.
    func take() -> Bool {
        status.withLock { status in
            guard case .queued = status else { return false }
            status = .running
            return true
        }
    }

    func run(_ unspinner: Unspinner) -> Analysis {
        let analysis = unspinner.analyze(bytes, continuing: start)
        status.withLock { $0 = .done(analysis) }
        finished.signal()
        return analysis
    }
}

/// Threads that analyse `AheadJob`s in the order submitted. Started with the
/// first job; `close` drops the jobs not started and waits for the threads.
final class AheadPool: Sendable {
    private let unspinner: Unspinner
    private let threads: Int
    private let queue = LockedValue<(jobs: [AheadJob], closed: Bool)>(([], false))
    /// One signal per job submitted, and one per thread at `close`.
    private let available = DispatchSemaphore(value: 0)
    private let running = DispatchGroup()

    init(unspinner: Unspinner, threads: Int) {
        self.unspinner = unspinner
        self.threads = threads
        for _ in 0..<threads {
            DispatchQueue.global(qos: .userInitiated).async(group: running) { [self] in work() }
        }
    }

    private func work() {
        while true {
            available.wait()
            let next: AheadJob?? = queue.withLock { queue in
                if queue.closed { return .none }
                return .some(queue.jobs.isEmpty ? nil : queue.jobs.removeFirst())
            }
            guard let job = next else { return }
            if let job, job.take() { _ = job.run(unspinner) }
        }
    }

    func submit(_ job: AheadJob) {
        queue.withLock { $0.jobs.append(job) }
        available.signal()
    }

    /// The job's analysis: made on this thread if no other thread took it, else waited for.
    func result(of job: AheadJob) -> Analysis {
        if job.take() { return job.run(unspinner) }
        job.finished.wait()
        guard case .done(let analysis) = job.status.withLock({ $0 }) else { preconditionFailure("a job taken is done when finished") }
        return analysis
    }

    /// Drops the job if no thread has taken it (a thread that has finishes it unused).
    func cancel(_ job: AheadJob) {
        job.status.withLock { status in
            if case .queued = status { status = .cancelled }
        }
    }

    func close() {
        queue.withLock { queue in
            queue.closed = true
            queue.jobs = []
        }
        for _ in 0..<threads { available.signal() }
        running.wait()
    }
}

/// A value behind a pthread mutex. Not `Synchronization.Mutex`: on Linux that
/// locks with futexes ThreadSanitizer does not see, so `scripts/sanitizers.sh
/// thread` reported every access inside its `withLock` as a race (16 reports in
/// ChunkAnalyzerAheadTests, none with this lock).
final class LockedValue<Value>: @unchecked Sendable {
    private var value: Value
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init(_ value: Value) {
        self.value = value
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
