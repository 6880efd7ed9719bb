/// One operation's result in the lean-optics metrics format: the seed's
/// `PerformanceMetrics` fields, plus Sextant's raw samples and run metadata.
///
/// All times are milliseconds **per iteration**, except `totalTimeMs` (the sum over all
/// measured iterations). `samplesMs[k]` is sample k's batch time divided by its batch size,
/// so `minTimeMs`/`maxTimeMs` are the fastest and slowest sample's per-iteration time.
struct PerformanceMetrics: Codable, Equatable {
    // The seed's fields.
    var testName: String
    var operation: String
    /// Measured iterations: `samples · batchIterations` (warm-up excluded).
    var iterations: Int
    var totalTimeMs: Double
    var avgTimeMs: Double
    var minTimeMs: Double
    var maxTimeMs: Double
    /// Iterations per second over the measured time.
    var throughput: Double
    /// Resident-set growth in bytes over the operation's warm-up and sampling
    /// (see docs/optics-bench.md); 0 when nothing new became resident.
    var memoryUsage: Int
    /// ISO 8601 UTC time when the operation's measurement started.
    var timestamp: String
    /// The seed's toolchain field; holds the Swift version for this Swift runner.
    var leanVersion: String
    var gitCommit: String
    // Sextant's additions.
    var samplesMs: [Double]
    var toolchain: String
    var batchIterations: Int
    var warmupIterations: Int
    /// `--inject-slowdown` in percent (0 for a normal run): a calibration label.
    var injectedSlowdownPercent: Double
    /// How `memoryUsage` was measured.
    var memoryMetric: String
    /// The machine fingerprint (`MachineFingerprint.identity`, or `--machine`); sextant's importer
    /// stores it as the run's machine.
    var machine: String
    // Issue 14 (absent when not measured).
    /// Per-iteration time of the harness-floor control batch timed just before each sample (ms).
    var controlSamplesMs: [Double]? = nil
    /// Iterations of each control batch.
    var controlBatchIterations: Int? = nil
    /// User-space instructions per iteration of each sample (`--counter instructions`).
    var instructionSamples: [Double]? = nil
    /// Mean of `instructionSamples`.
    var instructionsPerIteration: Double? = nil
    /// Where the counts came from: `perf_event_open` or `callgrind`.
    var instructionCounter: String? = nil
    /// `--build-label`: which build this run measured (e.g. `base`, `head`).
    var buildLabel: String? = nil
}
