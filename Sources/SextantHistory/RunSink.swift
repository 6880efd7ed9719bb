import Foundation

/// Where an importer that streams (Sextant's long CSV) hands its runs, one at a time: `beginRun`,
/// then each measurement, then `endRun`. A run's measurements arrive contiguously and runs in file
/// order, so the receiver holds no more than the run at hand (``HistoryStore`` holds a bounded part
/// of it; see ``HistoryStore/ingest(source:format:_:)``).
public protocol RunSink: AnyObject {
    /// Starts a run with the file's metadata for it (before any override).
    func beginRun(_ metadata: RunMetadata) throws
    /// One measurement of the run begun last.
    func add(_ measurement: BenchmarkMeasurement) throws
    /// Ends the run begun last.
    func endRun() throws
}

/// Thrown by a streaming importer when a run's rows do not lie together in the file (a run key
/// that comes back after another run started): such a file is read whole instead (``Importer/read(path:format:)``).
public struct RunsNotContiguous: Error, Sendable {
    public init() {}
}

/// Collects streamed runs in memory: the streaming importers' whole-file result, and the default
/// streaming ingest of a backend that stores a file in one statement batch (PostgreSQL).
public final class CollectingRunSink: RunSink {
    /// The runs received, in order.
    public private(set) var runs: [ImportedRun] = []

    public init() {}

    public func beginRun(_ metadata: RunMetadata) throws { runs.append(ImportedRun(metadata: metadata, measurements: [])) }
    public func add(_ measurement: BenchmarkMeasurement) throws { runs[runs.count - 1].measurements.append(measurement) }
    public func endRun() throws {}
}

/// Passes runs on with their metadata changed by `adjust` (the CLI's overrides and CI fallbacks).
public final class AdjustingRunSink: RunSink {
    let inner: any RunSink
    let adjust: (RunMetadata) -> RunMetadata

    public init(_ inner: any RunSink, adjust: @escaping (RunMetadata) -> RunMetadata) {
        self.inner = inner
        self.adjust = adjust
    }

    public func beginRun(_ metadata: RunMetadata) throws { try inner.beginRun(adjust(metadata)) }
    public func add(_ measurement: BenchmarkMeasurement) throws { try inner.add(measurement) }
    public func endRun() throws { try inner.endRun() }
}

/// Counts streamed runs and measurements and checks what the store would refuse without storing
/// anything (`--dry-run`, and the check of every file before any is written): a run's benchmark
/// and metric twice, and ``HistoryStore/problem(_:)``'s checks.
/// - Complexity: O(1) per measurement; memory O(series of the largest run).
public final class CheckingRunSink: RunSink {
    public private(set) var runs = 0
    public private(set) var measurements = 0
    private var keys = Set<HistoryStore.SeriesKey>()
    private let source: String

    public init(source: String) { self.source = source }

    public func beginRun(_ metadata: RunMetadata) throws {
        if let p = HistoryStore.problem(metadata) { throw HistoryError.invalidInput(file: source, line: nil, message: p) }
        runs += 1
        keys.removeAll(keepingCapacity: true)
    }

    public func add(_ m: BenchmarkMeasurement) throws {
        let key = HistoryStore.SeriesKey(benchmark: m.benchmark, metric: m.metric, unit: m.unit)
        guard keys.insert(key).inserted else {
            throw HistoryError.invalidInput(file: source, line: nil, message: HistoryStore.twice(m))
        }
        if let p = HistoryStore.problem(series: m) ?? HistoryStore.problem(values: m) {
            throw HistoryError.invalidInput(file: source, line: nil, message: p)
        }
        measurements += 1
    }

    public func endRun() throws {}
}

/// SHA-256 over a run's canonical content (``HistoryStore/contentHash(_:)``), fed in the order a
/// run streams: metadata first, then each measurement.
/// - Complexity: O(bytes of the run's names and values).
struct RunHasher {
    private var h = SHA256Hasher()

    init(_ md: RunMetadata) {
        h.update("sextant-run-v1\n")
        text(md.commit); text(md.branch); text(md.machine); text(md.toolchain)
        h.update(md.timestamp?.timeIntervalSince1970 ?? .nan)
    }

    @inline(__always) private mutating func text(_ s: String?) {
        if let s { h.update(s); h.update(byte: 0) } else { h.update(byte: 1) }
    }

    mutating func add(_ m: BenchmarkMeasurement) {
        text(m.benchmark); text(m.metric); text(m.unit); text(m.direction.rawValue)
        h.update(m.value)
        h.update(Double(m.iterations ?? -1))
        if let s = m.samples {
            h.update(Double(s.count))
            for x in s { h.update(x) }
        } else {
            h.update(-1.0)
        }
    }

    mutating func finalize() -> String { h.finalize() }
}
