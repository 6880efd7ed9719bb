// The timing harness: optimisation barriers, the calibrated busy-work spin used by
// `--inject-slowdown`, and the warm-up / sampling loop.

/// Returns its argument through a call the optimiser cannot see into, so that values
/// (optics, inputs) built by the runner are unknown to the measured loops and nothing
/// can be constant-folded or hoisted out of them.
@inline(never) @_optimize(none)
func opaque<T>(_ value: T) -> T { value }

/// Consumes a value through a call the optimiser cannot see into, so that the result of
/// a measured loop is live and the loop cannot be deleted as dead code.
@inline(never) @_optimize(none)
func blackHole<T>(_ value: T) {}

/// Busy work of `units` dependent steps of a 64-bit linear congruential generator
/// (Knuth's MMIX constants). Each step depends on the previous one (a multiply and an add
/// on the critical path, about 4 cycles), the trip count and seed arrive through `opaque`,
/// and the result is returned to be black-holed: the optimiser can neither vectorise,
/// shorten nor delete it. This is real CPU work, not a sleep.
///
/// - Complexity: O(units).
@inline(never)
func spin(_ units: Int, seed: UInt64) -> UInt64 {
    var x = seed
    var i = 0
    while i < units {
        x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        i += 1
    }
    return x
}

/// Monotonic time in nanoseconds from `ContinuousClock` (CLOCK_MONOTONIC-based on Linux,
/// mach continuous time on Darwin); never goes backwards, unaffected by wall-clock changes.
@inline(__always)
func elapsedNanoseconds(since start: ContinuousClock.Instant, clock: ContinuousClock) -> Double {
    let c = start.duration(to: clock.now).components
    return Double(c.seconds) * 1e9 + Double(c.attoseconds) * 1e-9
}

/// The median of a non-empty array (mean of the two middle values for even counts).
func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    let m = s.count / 2
    return s.count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

/// Nanoseconds per `spin` unit on this machine: the fastest of `repetitions` timings of
/// `units` steps (after one untimed run to fault in the code). The minimum estimates the
/// intrinsic cost: interference from other processes only ever adds time.
///
/// - Complexity: O(units · repetitions).
func calibrateSpin(units: Int = 1 << 16, repetitions: Int = 9) -> Double {
    let clock = ContinuousClock()
    blackHole(spin(units, seed: opaque(1)))
    var perUnit: [Double] = []
    for r in 0..<repetitions {
        let t0 = clock.now
        let x = spin(opaque(units), seed: opaque(UInt64(r)))
        let ns = elapsedNanoseconds(since: t0, clock: clock)
        blackHole(x)
        perUnit.append(ns / Double(units))
    }
    return perUnit.min() ?? 0
}

/// The batch size (iterations per sample): `requested`, reduced when needed so that one
/// sample lasts at most `maxSampleNanoseconds`, and rounded down to a 1-2-5 value so that
/// noise in the probe rarely changes it between runs.
///
/// Why a cap: on a shared 2-core machine the scheduler preempts a busy process every few
/// milliseconds; a sample that spans a preemption is doubled, and with multi-millisecond
/// samples the distribution turns bimodal. Short samples keep most of them clean and the
/// median stable. The probe doubles a trial batch from 1 until it lasts at least 20 µs
/// (the approach of Go's `testing.B`), and estimates the per-iteration cost from it.
///
/// - Complexity: O(log(batch)) probe batches.
func chooseBatch(requested: Int, maxSampleNanoseconds: Double, body: (Int) -> UInt64) -> Int {
    guard maxSampleNanoseconds > 0 else { return requested }
    let clock = ContinuousClock()
    func time(_ n: Int) -> Double {
        let t0 = clock.now
        let r = body(opaque(n))
        let ns = elapsedNanoseconds(since: t0, clock: clock)
        blackHole(r)
        return ns
    }
    _ = time(1) // fault in code and data
    var n = 1
    while n < requested, time(n) < 20_000 { n *= 2 }
    n = min(n, requested)
    // The fastest of three timings: a preemption during the probe must not shrink the batch.
    let perIteration = min(time(n), time(n), time(n)) / Double(n)
    guard perIteration > 0 else { return requested }
    let fit = Int(maxSampleNanoseconds / perIteration)
    if fit >= requested { return requested }
    return max(1, roundDown125(fit))
}

/// The largest value of the 1-2-5 series (1, 2, 5, 10, 20, 50, ...) not above `n` (n >= 1).
func roundDown125(_ n: Int) -> Int {
    var decade = 1
    while decade * 10 <= n { decade *= 10 }
    for step in [5, 2, 1] where step * decade <= n { return step * decade }
    return decade
}

/// One measured operation's timings.
struct Timings {
    /// Iterations per sample (the batch size).
    var batch: Int
    /// Wall time of each sample's batch, in nanoseconds.
    var sampleNanoseconds: [Double]
    /// Fastest warm-up batch time, in nanoseconds, before any injected work.
    var baseBatchNanoseconds: Double
    /// Spin units added to every sample (0 without `--inject-slowdown`).
    var injectedUnits: Int
    /// Resident-set growth over warm-up and sampling, in bytes (0 when it shrank).
    var residentGrowthBytes: Int
    /// Wall time of the control batch timed just before each sample, in nanoseconds (empty without controls).
    var controlSampleNanoseconds: [Double] = []
    /// Instructions of each sample (batch plus injected work), when a perf counter was given.
    var instructionSamples: [Double] = []
}

/// Runs `body` (which performs `batch` iterations of the operation and returns a
/// checksum) for `warmupBatches` warm-up batches, then `samples` timed batches. Each
/// timed region holds the batch followed by `spin(injectedUnits)`; with no injection the
/// same call runs with 0 units, so both arms of an A/B execute identical code.
///
/// With `injectPercent > 0` the extra work per sample is
/// `injectPercent / 100 · baseBatchNanoseconds / spinNanosecondsPerUnit` spin units, where
/// the base batch time is the fastest warm-up batch: the slowdown is proportional to this
/// operation's own measured cost. Both the base and the spin cost are minima, i.e.
/// intrinsic costs without interference (on a shared machine the first warm-up batches
/// are often slowed by page faults and other processes, which would inflate a median),
/// so the injected work is `injectPercent` % of the operation's undisturbed cost.
///
/// - Complexity: O((warmupBatches + samples) · batch) iterations of the operation.
/// With `control` (the harness-floor `empty` body and its own batch size), every sample is
/// preceded by one timed control batch: the control sees the machine in the same few hundred
/// microseconds as the sample, which is what the gate's shared-factor model needs (docs/policy.md).
/// The control never receives injected work: `--inject-slowdown` models slower code under test, not
/// a slower harness. With `counter` (perf only), each sample's instructions are counted as well.
func measure(
    batch: Int, samples: Int, warmupBatches: Int, injectPercent: Double, spinNanosecondsPerUnit: Double,
    control: (batch: Int, body: (Int) -> UInt64)? = nil, counter: InstructionCounter? = nil,
    body: (Int) -> UInt64
) -> Timings {
    let clock = ContinuousClock()
    let rssBefore = residentSetBytes()
    var warm: [Double] = []
    for _ in 0..<max(1, warmupBatches) {
        let t0 = clock.now
        let r = body(opaque(batch))
        warm.append(elapsedNanoseconds(since: t0, clock: clock))
        blackHole(r)
    }
    let base = warm.min() ?? 0
    let units = injectPercent > 0 && spinNanosecondsPerUnit > 0
        ? Int((injectPercent / 100 * base / spinNanosecondsPerUnit).rounded()) : 0
    let opaqueUnits = opaque(units)
    if let control { blackHole(control.body(opaque(control.batch))) }
    var times: [Double] = []
    var controlTimes: [Double] = []
    var counts: [Double] = []
    times.reserveCapacity(samples)
    for s in 0..<samples {
        if let control {
            let c0 = clock.now
            let r = control.body(control.batch)
            controlTimes.append(elapsedNanoseconds(since: c0, clock: clock))
            blackHole(r)
        }
        if let counter {
            var r: UInt64 = 0, extra: UInt64 = 0
            let t0 = clock.now
            let n = counter.count {
                r = body(batch)
                extra = spin(opaqueUnits, seed: UInt64(truncatingIfNeeded: s))
            }
            times.append(elapsedNanoseconds(since: t0, clock: clock))
            if let n { counts.append(n) }
            blackHole(r)
            blackHole(extra)
        } else {
            let t0 = clock.now
            let r = body(batch)
            let extra = spin(opaqueUnits, seed: UInt64(truncatingIfNeeded: s))
            times.append(elapsedNanoseconds(since: t0, clock: clock))
            blackHole(r)
            blackHole(extra)
        }
    }
    let rssAfter = residentSetBytes()
    return Timings(
        batch: batch, sampleNanoseconds: times, baseBatchNanoseconds: base, injectedUnits: units,
        residentGrowthBytes: max(0, rssAfter - rssBefore), controlSampleNanoseconds: controlTimes,
        instructionSamples: counts.count == samples ? counts : [])
}

/// The Callgrind pass: instructions per sample of `batch` iterations plus the injected work, with
/// the injection calibrated in instructions (`injectPercent` % of the counted warm-up batch, at the
/// counted cost of one `spin` unit), so that a +3% injection is +3% of the operation's instructions.
/// Deterministic up to the allocator's and the runtime's data-dependent paths.
///
/// - Complexity: O((samples + 2) · batch) iterations, each simulated by Callgrind.
func countInstructions(batch: Int, samples: Int, injectPercent: Double, counter: InstructionCounter,
                       body: (Int) -> UInt64) -> [Double] {
    blackHole(body(opaque(batch))) // fault in code and data, resolve lazy bindings
    var r: UInt64 = 0
    guard let base = counter.count({ r = body(opaque(batch)) }) else { return [] }
    blackHole(r)
    var units = 0
    if injectPercent > 0 {
        let probe = 1 << 12
        var x: UInt64 = 0
        blackHole(spin(opaque(probe), seed: 0))
        guard let spinCount = counter.count({ x = spin(opaque(probe), seed: opaque(1)) }), spinCount > 0 else { return [] }
        blackHole(x)
        units = Int((injectPercent / 100 * base / (spinCount / Double(probe))).rounded())
    }
    let opaqueUnits = opaque(units)
    var counts: [Double] = []
    for s in 0..<samples {
        var r: UInt64 = 0, extra: UInt64 = 0
        guard let n = counter.count({
            r = body(batch)
            extra = spin(opaqueUnits, seed: UInt64(truncatingIfNeeded: s))
        }) else { return [] }
        counts.append(n)
        blackHole(r)
        blackHole(extra)
    }
    return counts
}
