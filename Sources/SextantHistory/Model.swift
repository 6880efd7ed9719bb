import Foundation
/// `Direction` (SextantCore) is part of this module's API (`Series`, measurements), so it is re-exported.
@_exported import SextantCore

/// Where and when a run happened. Every field is optional at import time; the store requires a timestamp.
public struct RunMetadata: Sendable, Hashable, Codable {
    /// The commit the run measured (a SHA or any revision name).
    public var commit: String?
    /// The branch the commit was on.
    public var branch: String?
    /// When the run happened.
    public var timestamp: Date?
    /// The machine or environment name.
    public var machine: String?
    /// The toolchain (compiler or runtime version), e.g. `Lean 4.9.0`.
    public var toolchain: String?

    public init(commit: String? = nil, branch: String? = nil, timestamp: Date? = nil,
                machine: String? = nil, toolchain: String? = nil) {
        self.commit = commit
        self.branch = branch
        self.timestamp = timestamp
        self.machine = machine
        self.toolchain = toolchain
    }

    /// `self` with every field of `other` that is set taking precedence.
    public func overridden(by other: RunMetadata) -> RunMetadata {
        RunMetadata(commit: other.commit ?? commit, branch: other.branch ?? branch,
                    timestamp: other.timestamp ?? timestamp, machine: other.machine ?? machine,
                    toolchain: other.toolchain ?? toolchain)
    }

    /// `self` with every unset field filled from `fallback`.
    public func filled(from fallback: RunMetadata) -> RunMetadata {
        fallback.overridden(by: self)
    }
}

/// One measured value of one benchmark and metric in one run, in normalised units
/// (time in seconds, memory in bytes, throughput per second).
public struct BenchmarkMeasurement: Sendable, Hashable, Codable {
    /// The benchmark's name, e.g. `BM_Sort/1000` or `lens.get`.
    public var benchmark: String
    /// The metric, e.g. `time`, `cpu_time`, `throughput`, `memory`.
    public var metric: String
    /// The normalised unit: `s`, `B`, `1/s`, or the unit as found when it is none of time, memory or rate.
    public var unit: String
    /// Which way the metric improves.
    public var direction: Direction
    /// The summary value (the mean unless the format says otherwise).
    public var value: Double
    /// Raw per-sample values in the same unit, when the format carries them.
    public var samples: [Double]?
    /// Iterations behind the value, when known.
    public var iterations: Int?

    public init(benchmark: String, metric: String, unit: String, direction: Direction, value: Double,
                samples: [Double]? = nil, iterations: Int? = nil) {
        self.benchmark = benchmark
        self.metric = metric
        self.unit = unit
        self.direction = direction
        self.value = value
        self.samples = samples
        self.iterations = iterations
    }

    /// What the run measured: its raw samples, or its one summary value when it has none.
    public var runValues: [Double] { samples.flatMap { $0.isEmpty ? nil : $0 } ?? [value] }
}

/// A run as parsed from a file, before it is stored.
public struct ImportedRun: Sendable, Hashable {
    /// What the file says about the run.
    public var metadata: RunMetadata
    /// The run's measurements.
    public var measurements: [BenchmarkMeasurement]

    public init(metadata: RunMetadata, measurements: [BenchmarkMeasurement]) {
        self.metadata = metadata
        self.measurements = measurements
    }
}

/// A stored run: one execution of a benchmark suite.
public struct Run: Sendable, Hashable, Codable {
    /// The store's id of the run (increasing in ingest order).
    public var id: Int64
    /// The commit the run measured.
    public var commit: String?
    /// The branch.
    public var branch: String?
    /// When the run happened.
    public var timestamp: Date
    /// Machine or environment name.
    public var machine: String?
    /// Toolchain version.
    public var toolchain: String?
    /// The file the run came from.
    public var source: String?
    /// The importer's format name.
    public var format: String
    /// SHA-256 of the run's canonical content; identical content is stored once.
    public var contentHash: String
    /// How many measurements the run holds.
    public var measurementCount: Int

    public init(id: Int64, commit: String?, branch: String?, timestamp: Date, machine: String?,
                toolchain: String?, source: String?, format: String, contentHash: String, measurementCount: Int) {
        self.id = id
        self.commit = commit
        self.branch = branch
        self.timestamp = timestamp
        self.machine = machine
        self.toolchain = toolchain
        self.source = source
        self.format = format
        self.contentHash = contentHash
        self.measurementCount = measurementCount
    }
}

/// One run's value in a series.
public struct SeriesPoint: Sendable, Hashable {
    /// The run's id.
    public var runID: Int64
    /// The run's commit.
    public var commit: String?
    /// The run's branch.
    public var branch: String?
    /// The run's machine.
    public var machine: String?
    /// The run's timestamp.
    public var timestamp: Date
    /// The summary value (normalised unit).
    public var value: Double
    /// Raw samples, when stored.
    public var samples: [Double]?
    /// Iterations, when known.
    public var iterations: Int?

    public init(runID: Int64, commit: String?, branch: String?, machine: String?, timestamp: Date,
                value: Double, samples: [Double]?, iterations: Int?) {
        self.runID = runID
        self.commit = commit
        self.branch = branch
        self.machine = machine
        self.timestamp = timestamp
        self.value = value
        self.samples = samples
        self.iterations = iterations
    }

    /// What the run measured: its raw samples, or its one summary value when it has none.
    public var runValues: [Double] { samples.flatMap { $0.isEmpty ? nil : $0 } ?? [value] }
}

/// One (benchmark, metric) across runs, ordered by run timestamp then run id.
public struct Series: Sendable, Hashable {
    /// The benchmark's name.
    public var benchmark: String
    /// The metric.
    public var metric: String
    /// The normalised unit.
    public var unit: String
    /// Which way the metric improves.
    public var direction: Direction
    /// The points, oldest first.
    public var points: [SeriesPoint]

    public init(benchmark: String, metric: String, unit: String, direction: Direction, points: [SeriesPoint]) {
        self.benchmark = benchmark
        self.metric = metric
        self.unit = unit
        self.direction = direction
        self.points = points
    }

    /// The summary values, oldest first.
    public var values: [Double] { points.map(\.value) }
    /// The run ids, oldest first.
    public var runIDs: [Int64] { points.map(\.runID) }
}
