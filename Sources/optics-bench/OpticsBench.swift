import ArgumentParser
import Foundation

/// `optics-bench`: the seed's enhanced benchmark runner for the `Optics` library.
///
/// For every selected operation: warm-up batches, then `--samples` timed batches of
/// `--iterations / --samples` iterations each on a monotonic clock; writes a JSON array of
/// lean-optics `PerformanceMetrics` objects with the raw per-sample times (`samplesMs`).
/// See docs/optics-bench.md.
@main
struct OpticsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optics-bench",
        abstract: "Benchmark the Optics library; write lean-optics metrics JSON with raw samples.",
        discussion: """
            Times are per iteration in milliseconds. Progress goes to stderr; the JSON goes to \
            --output or stdout. The 'empty' control (the harness's own floor) runs only when \
            --filter names it.
            """
    )

    @Option(help: "Measured iterations per operation, split evenly into the samples (fewer when --max-sample-us caps the batch).")
    var iterations: Int = 100_000

    @Option(help: "Timed samples (batches) per operation; each sample is one entry of samplesMs.")
    var samples: Int = 20

    @Option(
        name: .customLong("max-sample-us"),
        help: "Cap on one sample's duration in microseconds: slow operations get smaller batches (0: no cap).")
    var maxSampleMicroseconds: Double = 250

    @Option(help: "Warm-up batches per operation (untimed for the result; the fastest calibrates --inject-slowdown).")
    var warmup: Int = 5

    @Option(help: "Comma-separated substrings; run only operations whose testName contains one of them.")
    var filter: String?

    @Option(name: .shortAndLong, help: "Write the JSON here instead of stdout.")
    var output: String?

    @Option(
        name: .customLong("inject-slowdown"),
        help: ArgumentHelp(
            "CALIBRATION ONLY: add busy work worth PERCENT % of each operation's measured cost inside its timed region.",
            valueName: "PERCENT"))
    var injectSlowdown: Double = 0

    @Option(help: "Git commit to record (default: $SEXTANT_GIT_COMMIT, else `git rev-parse HEAD`).")
    var commit: String?

    @Option(help: ArgumentHelp(
        "none, or instructions: also record user-space instructions per iteration (metric `instructions`).",
        discussion: "perf_event_open where the kernel offers a hardware counter; else a second, counting-only pass under valgrind --tool=callgrind (much slower; the factor is printed); else one line on stderr and time only."))
    var counter: CounterKind = .none

    @Flag(inversion: .prefixedNo, help: "Time one harness-floor control batch before every sample (controlSamplesMs), for the gate's shared-factor model.")
    var controls = true

    @Option(help: "A label for the build this run measures (recorded as buildLabel, e.g. base or head).")
    var buildLabel: String?

    /// Internal: the Callgrind pass's operations and batch sizes, `name=batch,...`.
    @Option(help: .hidden)
    var counterBatches: String?

    @Option(help: "Machine identity to record (default: $SEXTANT_MACHINE, else this machine's fingerprint: OS, architecture, CPU model, cores, toolchain).")
    var machine: String?

    @Flag(help: "List the operations and exit.")
    var list = false

    @Flag(name: .shortAndLong, help: "No progress lines on stderr.")
    var quiet = false

    /// Entry point: ArgumentParser's usage failures (its exit code 64) become the project's
    /// usage/input exit code 2, with the one-line message on stderr.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data("optics-bench: \(message)\n".utf8))
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }

    mutating func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1 (got \(iterations))") }
        guard samples >= 1 else { throw ValidationError("--samples must be at least 1 (got \(samples))") }
        guard samples <= iterations else {
            throw ValidationError("--samples (\(samples)) cannot exceed --iterations (\(iterations))")
        }
        guard maxSampleMicroseconds >= 0, maxSampleMicroseconds.isFinite else {
            throw ValidationError("--max-sample-us cannot be negative (got \(maxSampleMicroseconds))")
        }
        guard warmup >= 0 else { throw ValidationError("--warmup cannot be negative (got \(warmup))") }
        guard injectSlowdown.isFinite, (0...1000).contains(injectSlowdown) else {
            throw ValidationError("--inject-slowdown must be a percentage in 0...1000 (got \(injectSlowdown))")
        }
    }

    /// The workloads selected by `--filter` (all non-control ones without a filter).
    func selected(from all: [Workload]) throws -> [Workload] {
        guard let filter else { return all.filter { !$0.isControl } }
        let needles = filter.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let chosen = all.filter { w in needles.contains { w.name.contains($0) } }
        guard !chosen.isEmpty else {
            throw ValidationError(
                "--filter '\(filter)' matches no operation; available: \(all.map(\.name).joined(separator: ", "))")
        }
        return chosen
    }

    mutating func run() throws {
        let all = makeWorkloads()
        if list {
            for w in all { print(w.isControl ? "\(w.name) (control)" : w.name) }
            return
        }
        if let spec = counterBatches {
            try runCallgrindPass(all: all, spec: spec)
            return
        }
        let workloads = try selected(from: all)
        let controlBody = all.first { $0.isControl }!.body
        var perf: InstructionCounter? = nil
        var callgrind: String? = nil
        if counter == .instructions {
            switch InstructionCounter.openPerf() {
            case .success(let c):
                perf = c
                if !quiet { log("instructions: perf_event_open, user space") }
            case .failure(let e):
                if InstructionCounter.callgrindCompiledIn, let valgrind = executableOnPath("valgrind") {
                    callgrind = valgrind
                    log("instructions: \(e.explanation); counting in a second pass under valgrind --tool=callgrind")
                } else {
                    log("instructions unavailable: \(e.explanation), and no valgrind with Callgrind; carrying on with time only")
                }
            }
        }
        let timedStart = Date()
        let requestedBatch = iterations / samples
        let gitCommit = currentGitCommit(explicit: commit)
        let env = ProcessInfo.processInfo.environment["SEXTANT_MACHINE"].flatMap { $0.isEmpty ? nil : $0 }
        let machineIdentity = machine ?? env ?? MachineFingerprint.current(toolchain: toolchainVersion).identity
        let spinCost = injectSlowdown > 0 ? calibrateSpin() : 0
        if injectSlowdown > 0 && !quiet {
            log(String(format: "inject-slowdown %.3g%% (calibration only); spin %.3f ns/unit", injectSlowdown, spinCost))
        }
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var results: [PerformanceMetrics] = []
        for w in workloads {
            let started = iso.string(from: Date())
            let batch = chooseBatch(
                requested: requestedBatch, maxSampleNanoseconds: maxSampleMicroseconds * 1000, body: w.body)
            let controlBatch = controls && !w.isControl
                ? chooseBatch(requested: requestedBatch, maxSampleNanoseconds: maxSampleMicroseconds * 1000, body: controlBody)
                : 0
            let t = measure(
                batch: batch, samples: samples, warmupBatches: warmup, injectPercent: w.isControl ? 0 : injectSlowdown,
                spinNanosecondsPerUnit: spinCost, control: controlBatch > 0 ? (controlBatch, controlBody) : nil,
                counter: perf, body: w.body)
            let perIterationMs = t.sampleNanoseconds.map { $0 / Double(batch) / 1e6 }
            let totalMs = t.sampleNanoseconds.reduce(0, +) / 1e6
            let measured = batch * samples
            var record = PerformanceMetrics(
                testName: w.name, operation: w.operation, iterations: measured,
                totalTimeMs: totalMs, avgTimeMs: totalMs / Double(measured),
                minTimeMs: perIterationMs.min() ?? 0, maxTimeMs: perIterationMs.max() ?? 0,
                throughput: totalMs > 0 ? Double(measured) / (totalMs / 1000) : 0,
                memoryUsage: t.residentGrowthBytes, timestamp: started,
                leanVersion: toolchainVersion, gitCommit: gitCommit,
                samplesMs: perIterationMs, toolchain: toolchainVersion,
                batchIterations: batch, warmupIterations: warmup * batch,
                injectedSlowdownPercent: w.isControl ? 0 : injectSlowdown, memoryMetric: "rssGrowthBytes", machine: machineIdentity)
            record.buildLabel = buildLabel
            if controlBatch > 0 {
                record.controlSamplesMs = t.controlSampleNanoseconds.map { $0 / Double(controlBatch) / 1e6 }
                record.controlBatchIterations = controlBatch
            }
            if !t.instructionSamples.isEmpty {
                record.setInstructions(t.instructionSamples.map { $0 / Double(batch) }, counter: "perf_event_open")
            }
            results.append(record)
            if !quiet {
                log(String(
                    format: "%@ %10.3f ns/iter  (median sample %.3f, %d x %d)",
                    w.name.padding(toLength: 28, withPad: " ", startingAt: 0),
                    totalMs * 1e6 / Double(measured), median(perIterationMs) * 1e6, samples, batch))
            }
        }
        if let valgrind = callgrind {
            let timed = Date().timeIntervalSince(timedStart)
            let counted = Date()
            let counts = try callgrindPass(valgrind: valgrind, batches: results.map { ($0.testName, $0.batchIterations) })
            for i in results.indices {
                if let c = counts[results[i].testName], c.count == samples {
                    results[i].setInstructions(c.map { $0 / Double(results[i].batchIterations) }, counter: "callgrind")
                }
            }
            let took = Date().timeIntervalSince(counted)
            if !quiet {
                log(String(format: "callgrind pass: %.1f s, %.0f x the timed pass (%.2f s)", took, took / max(timed, 1e-3), timed))
            }
        }
        try write(results)
    }

    func write<T: Encodable>(_ results: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(results)
        if let output {
            do {
                try data.write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw ValidationError("cannot write --output '\(output)': \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(data)
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
    }

    /// Runs this executable again under Callgrind to count each operation's instructions per sample.
    func callgrindPass(valgrind: String, batches: [(String, Int)]) throws -> [String: [Double]] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("optics-bench-cg-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("counts.json")
        let base = dir.appendingPathComponent("cg.out").path
        // Valgrind 3.x cannot read the DWARF 5 debug information Swift emits ("possibly corrupted
        // debuginfo file"): the pass runs a copy without it when binutils' strip is there.
        var me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        if let strip = executableOnPath("strip") {
            let copy = dir.appendingPathComponent("optics-bench").path
            let p = Process()
            p.executableURL = URL(fileURLWithPath: strip)
            p.arguments = ["--strip-debug", "-o", copy, me]
            if (try? p.run()) != nil {
                p.waitUntilExit()
                if p.terminationStatus == 0 { me = copy }
            }
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: valgrind)
        process.arguments = ["--tool=callgrind", "-q", "--callgrind-out-file=\(base)", "--dump-instr=no",
                             me, "--samples", String(samples), "--inject-slowdown", String(injectSlowdown),
                             "--counter-batches", batches.map { "\($0.0)=\($0.1)" }.joined(separator: ","),
                             "--output", out.path, "--quiet"]
        var env = ProcessInfo.processInfo.environment
        env[callgrindDumpVariable] = base
        process.environment = env
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let data = try? Data(contentsOf: out),
              let counts = try? JSONDecoder().decode([CountedOperation].self, from: data) else {
            log("instructions: the callgrind pass failed (status \(process.terminationStatus)); carrying on with time only")
            return [:]
        }
        return Dictionary(counts.map { ($0.testName, $0.instructionSamples) }, uniquingKeysWith: { a, _ in a })
    }

    /// Inside the Callgrind pass: count and write `[CountedOperation]`.
    func runCallgrindPass(all: [Workload], spec: String) throws {
        guard let counter = InstructionCounter.insideCallgrind() else {
            throw ValidationError("--counter-batches is internal to the callgrind pass of --counter instructions")
        }
        var counted: [CountedOperation] = []
        for item in spec.split(separator: ",") {
            let parts = item.split(separator: "=")
            guard parts.count == 2, let batch = Int(parts[1]), batch >= 1,
                  let w = all.first(where: { $0.name == parts[0] }) else {
                throw ValidationError("--counter-batches: bad entry '\(item)'")
            }
            let counts = countInstructions(batch: batch, samples: samples, injectPercent: w.isControl ? 0 : injectSlowdown,
                                           counter: counter, body: w.body)
            counted.append(CountedOperation(testName: w.name, instructionSamples: counts))
        }
        try write(counted)
    }

    func log(_ line: String) {
        FileHandle.standardError.write(Data("optics-bench: \(line)\n".utf8))
    }
}

/// `--counter`.
enum CounterKind: String, ExpressibleByArgument, CaseIterable {
    case none, instructions
}

/// One operation's counts from the Callgrind pass (whole-sample instructions, not yet per iteration).
struct CountedOperation: Codable {
    var testName: String
    var instructionSamples: [Double]
}

extension PerformanceMetrics {
    /// Stores per-iteration instruction counts and their mean.
    mutating func setInstructions(_ perIteration: [Double], counter: String) {
        instructionSamples = perIteration
        instructionsPerIteration = perIteration.reduce(0, +) / Double(max(perIteration.count, 1))
        instructionCounter = counter
    }
}
