import Foundation
import SextantText

/// The formats `Importer` reads. Each raw value is the name `--format` takes.
public enum ImportFormat: String, CaseIterable, Sendable, Codable {
    /// lean-optics `PerformanceMetrics` JSON (array, single object, or an object holding an array), with optional `samplesMs`.
    case leanOptics = "lean-optics"
    /// lean-optics `bench/Bench.lean` text output: `<name> (<n> iterations): <ms>ms` lines.
    case leanBench = "lean-bench"
    /// Google Benchmark `--benchmark_format=json` output.
    case googleBenchmark = "google-benchmark"
    /// hyperfine `--export-json` output.
    case hyperfine
    /// pytest-benchmark `--benchmark-json` output.
    case pytestBenchmark = "pytest-benchmark"
    /// package-benchmark (ordo-one) `results.json` baselines and its JSON exports (`jsonSmallerIsBetter`, `jsonBiggerIsBetter`).
    case packageBenchmark = "package-benchmark"
    /// criterion.rs `estimates.json` or `sample.json`.
    case criterion
    /// github-action-benchmark `data.js` (or its JSON): a whole history of runs.
    case githubActionBenchmark = "github-action-benchmark"
    /// Bencher Metric Format (BMF) JSON.
    case bencher
    /// Sextant's long CSV (`run, commit, branch, timestamp, benchmark, metric, unit, value`, ...).
    case sextantCSV = "csv"
    /// Sextant's JSON Lines, one measurement per line.
    case sextantJSONL = "jsonl"
    /// airspeed velocity (asv) results: a `results/` directory, a machine directory or one result file (api version 2).
    case asv
    /// Go `go test -bench` output (the benchfmt text benchstat reads).
    case goBench = "go-bench"
    /// pyperf (pyperformance) JSON.
    case pyperf
    /// JMH `-rf json` results.
    case jmh
    /// BenchmarkDotNet full JSON export (`JsonExporter.Full`, `*-report-full.json` / `-compressed.json`).
    case benchmarkDotNet = "benchmarkdotnet"
    /// Rust libtest `cargo bench` text (`test name ... bench: 1,234 ns/iter (+/- 56)`).
    case rustLibtest = "rust-libtest"
    /// cargo-criterion `--message-format=json` lines.
    case cargoCriterion = "cargo-criterion"
    /// Catch2 `BENCHMARK` results in its XML reporter (`-r xml`).
    case catch2 = "catch2-xml"
}

/// A file whose runs are read as a stream (``Importer/streamed(path:format:)``).
public struct StreamedFile: Sendable {
    /// The file.
    public let path: String
    /// The format it is read as.
    public let format: ImportFormat

    /// Reads the file into `sink`, run by run, with the checks and messages of ``Importer/read(path:format:)``;
    /// returns the runs and measurements read. Throws ``RunsNotContiguous`` for a file whose runs'
    /// rows do not lie together: read such a file with ``Importer/read(path:format:)``.
    /// - Complexity: O(size of the file); memory O(runs), one record of the file at a time.
    public func read(into sink: any RunSink) throws -> (runs: Int, measurements: Int) {
        let ctx = ImportContext(file: path)
        guard let reader = DelimitedReader(path: path, format: .csv) else {
            throw ctx.fail(nil, "cannot read: \(String(cString: strerror(errno)))")
        }
        let n = try ctx.sextantCSV(streaming: reader, into: sink)
        if n.measurements == 0 { throw ctx.fail(nil, "no measurements found (read as \(format.rawValue))") }
        return n
    }
}

/// A parsed input file: its format and the runs it holds.
public struct ImportedFile: Sendable {
    /// The format that was read.
    public var format: ImportFormat
    /// The runs, in file order.
    public var runs: [ImportedRun]
    /// What the file holds that was not imported, as (reason, count) in first-seen order
    /// (failed asv results, failed BenchmarkDotNet benchmarks...).
    public var skipped: [(reason: String, count: Int)] = []
    /// Total skipped entries.
    public var skippedCount: Int { skipped.reduce(0) { $0 + $1.count } }
    /// Total measurements.
    public var measurementCount: Int { runs.reduce(0) { $0 + $1.measurements.count } }

    public init(format: ImportFormat, runs: [ImportedRun], skipped: [(reason: String, count: Int)] = []) {
        self.format = format
        self.runs = runs
        self.skipped = skipped
    }
}

/// Reads benchmark result files of every supported format into runs with normalised units.
///
/// Every problem (malformed syntax, wrong types, non-finite, negative or absurd values, invalid
/// UTF-8, duplicate keys, binary content) is a `HistoryError.invalidInput` naming the file and,
/// where known, the line.
public enum Importer {
    /// Reads and parses `path`; `format` forces a format, otherwise it is detected from the content.
    public static func read(path: String, format: ImportFormat? = nil) throws -> ImportedFile {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw HistoryError.invalidInput(file: path, line: nil, message: "no such file")
        }
        if isDir.boolValue {
            if format == nil || format == .asv, let file = try AsvResults.readDirectory(path) { return file }
            throw HistoryError.invalidInput(file: path, line: nil, message: "is a directory, not a file (nor an asv results directory with benchmarks.json or <machine>/machine.json)")
        }
        let data: Data
        // A regular file is mapped; a device or pipe (/dev/null, /dev/stdin, a FIFO) cannot be, so it is read.
        let regular = (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular
        do {
            if regular {
                data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
            } else {
                guard let handle = FileHandle(forReadingAtPath: path) else {
                    throw HistoryError.invalidInput(file: path, line: nil, message: "cannot open for reading")
                }
                defer { try? handle.close() }
                data = try handle.readToEnd() ?? Data()
            }
        } catch let e as HistoryError {
            throw e
        } catch {
            let reason = access(path, R_OK) != 0 ? String(cString: strerror(errno)) : error.localizedDescription
            throw HistoryError.invalidInput(file: path, line: nil, message: "cannot read: \(reason)")
        }
        return try parse(data, name: path, format: format)
    }

    /// `path` as a stream of runs when it can be read so: a regular file of Sextant's long CSV
    /// (forced or detected) holding text that ``read(path:format:)`` would accept (no NUL, valid
    /// UTF-8, checked here in one pass of 1 MiB reads). Nil otherwise: then ``read(path:format:)``
    /// reads it whole and names any problem.
    /// - Complexity: O(size of the file); memory O(1).
    public static func streamed(path: String, format: ImportFormat? = nil) -> StreamedFile? {
        guard format == nil || format == .sextantCSV,
              (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular else { return nil }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let chunk = 1 << 20
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk + 4)
        defer { buffer.deallocate() }
        var carried = 0  // bytes of a UTF-8 sequence cut by the end of the previous read
        var first = true
        while true {
            let n = Glibc.read(fd, buffer + carried, chunk)
            if n < 0 { if errno == EINTR { continue }; return nil }
            if first {
                first = false
                if n == 0 { return nil }
                if format == nil, detect(Data(bytes: buffer, count: min(n, 4096))) != .sextantCSV { return nil }
            }
            let filled = carried + n
            if n > 0, memchr(buffer + carried, 0, n) != nil { return nil }
            // Validate up to the last sequence start among the final 4 bytes; carry the rest.
            var cut = filled
            if n > 0 {
                var k = filled
                while k > max(0, filled - 4) {
                    k -= 1
                    if buffer[k] & 0xC0 != 0x80 { cut = buffer[k] < 0x80 ? filled : k; break }
                }
            }
            if UTF8Check.firstInvalid(UnsafeBufferPointer(start: buffer, count: cut)) != nil { return nil }
            carried = filled - cut
            if carried > 0 { memmove(buffer, buffer + cut, carried) }
            if n == 0 { return carried == 0 ? StreamedFile(path: path, format: .sextantCSV) : nil }
        }
    }

    /// Parses `data` read from a file called `name` (used in messages and, for criterion, to find
    /// the benchmark's name and sibling files).
    public static func parse(_ data: Data, name: String, format: ImportFormat? = nil) throws -> ImportedFile {
        try parse(data, name: name, format: format, asvLayout: nil)
    }

    /// `parse` with the asv results layout already read (for a whole results directory).
    static func parse(_ data: Data, name: String, format: ImportFormat?, asvLayout: AsvLayout?) throws -> ImportedFile {
        let ctx = ImportContext(file: name)
        if data.isEmpty { throw ctx.fail(nil, "empty file") }
        try ctx.checkText(data)
        let chosen: ImportFormat
        if let format {
            chosen = format
        } else {
            guard let detected = detect(data) else {
                throw ctx.fail(nil, "unrecognised content: not any of the formats \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            chosen = detected
        }
        let runs: [ImportedRun]
        switch chosen {
        case .leanBench: runs = try ctx.leanBench(data)
        case .goBench: runs = try ctx.goBench(data)
        case .rustLibtest: runs = try ctx.rustLibtest(data)
        case .cargoCriterion: runs = try ctx.cargoCriterion(data)
        case .catch2: runs = try ctx.catch2(data)
        case .sextantCSV: runs = try ctx.sextantCSV(data)
        case .sextantJSONL: runs = try ctx.sextantJSONL(data)
        case .githubActionBenchmark: runs = try ctx.githubActionBenchmark(ctx.json(data, stripJSPrefix: true))
        default:
            let json = try ctx.json(data)
            switch chosen {
            case .leanOptics: runs = try ctx.leanOptics(json)
            case .googleBenchmark: runs = try ctx.googleBenchmark(json)
            case .hyperfine: runs = try ctx.hyperfine(json)
            case .pytestBenchmark: runs = try ctx.pytestBenchmark(json)
            case .packageBenchmark: runs = try ctx.packageBenchmark(json)
            case .criterion: runs = try ctx.criterion(json)
            case .bencher: runs = try ctx.bencher(json)
            case .asv: runs = try ctx.asv(json, layout: asvLayout ?? AsvResults.layout(near: name))
            case .pyperf: runs = try ctx.pyperf(json)
            case .jmh: runs = try ctx.jmh(json)
            case .benchmarkDotNet: runs = try ctx.benchmarkDotNet(json)
            default: runs = []
            }
        }
        if runs.isEmpty || runs.allSatisfy({ $0.measurements.isEmpty }) {
            let why = ctx.skips.entries.isEmpty ? "" : " (skipped: \(ctx.skips.summary))"
            throw ctx.fail(nil, "no measurements found (read as \(chosen.rawValue))\(why)")
        }
        for (k, run) in runs.enumerated() {
            do {
                try ctx.checkMetadata(run.metadata, line: nil)
                if let ts = run.metadata.timestamp, let problem = Timestamps.problem(ts) { throw ctx.fail(nil, problem) }
            } catch let HistoryError.invalidInput(file, line, message) where runs.count > 1 {
                throw HistoryError.invalidInput(file: file, line: line, message: "run \(k + 1): \(message)")
            }
            var seen = Set<HistoryStore.SeriesKey>()
            seen.reserveCapacity(run.measurements.count)
            for m in run.measurements where !seen.insert(HistoryStore.SeriesKey(benchmark: m.benchmark, metric: m.metric, unit: m.unit)).inserted {
                throw ctx.fail(nil, "benchmark \"\(m.benchmark)\" metric \(m.metric) appears twice in one run")
            }
        }
        return ImportedFile(format: chosen, runs: runs.filter { !$0.measurements.isEmpty }, skipped: ctx.skips.entries)
    }

    /// The format `data` looks like, judged by content alone.
    public static func detect(_ data: Data) -> ImportFormat? {
        let head = String(decoding: data.prefix(4096), as: UTF8.self)
        let trimmed = head.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" })
        if trimmed.hasPrefix("window.BENCHMARK_DATA") { return .githubActionBenchmark }
        if trimmed.hasPrefix("<?xml") || trimmed.hasPrefix("<Catch") {
            if head.contains("<Catch") { return .catch2 }
            return nil
        }
        if trimmed.first == "{" || trimmed.first == "[" {
            // cargo-criterion: JSON lines whose first object has a "reason" (benchmark-complete, group-complete).
            if trimmed.first == "{", let firstLine = trimmed.split(separator: "\n", maxSplits: 1).first,
               firstLine.contains("\"reason\""),
               let obj = try? JSONParser.parse(Data(firstLine.utf8), file: ""), obj["reason"]?.stringValue != nil {
                return .cargoCriterion
            }
            // JSON Lines: several top-level objects, one per line, each with benchmark and value.
            if trimmed.first == "{", let firstLine = trimmed.split(separator: "\n", maxSplits: 1).first,
               firstLine.contains("\"benchmark\""), firstLine.contains("\"value\""),
               (try? JSONParser.parse(Data(firstLine.utf8), file: "")) != nil {
                return .sextantJSONL
            }
            guard let json = try? JSONParser.parse(data, file: "") else {
                // Malformed JSON: still route it to a JSON reader so the error names the syntax problem.
                return .leanOptics
            }
            return detectJSON(json)
        }
        if let firstLine = trimmed.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).first {
            let cols = firstLine.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            if cols.contains("benchmark") && cols.contains("value") { return .sextantCSV }
        }
        if head.range(of: #"\(\s*\d+\s+iterations?\s*\)\s*:"#, options: .regularExpression) != nil { return .leanBench }
        if head.range(of: #"(?m)^test \S.* \.\.\. bench: "#, options: .regularExpression) != nil { return .rustLibtest }
        if head.range(of: #"(?m)^Benchmark[^a-z\s]\S*\s+\d+\s+[-+0-9.eE]+ \S+"#, options: .regularExpression) != nil
            || head.range(of: #"(?m)^(goos|goarch|pkg): \S"#, options: .regularExpression) != nil { return .goBench }
        return nil
    }

    static func detectJSON(_ json: JSONValue) -> ImportFormat? {
        if let members = json.objectMembers {
            let keys = Set(members.map(\.key))
            if keys.contains("result_columns") || (keys.contains("results") && keys.contains("commit_hash")) { return .asv }
            if keys.contains("Benchmarks") && (keys.contains("HostEnvironmentInfo") || keys.contains("Title")) { return .benchmarkDotNet }
            if keys.contains("benchmarks"), json["benchmarks"]?.arrayValue?.first?["runs"] != nil { return .pyperf }
            // asv's benchmarks.json or machine.json read alone: routed to asv, which explains what to pass instead.
            if keys.contains("version"), members.contains(where: { $0.value["code"] != nil && $0.value["type"] != nil }) { return .asv }
            if keys == ["machine", "version"] || (keys.contains("machine") && keys.contains("version") && keys.contains("arch")) { return .asv }
            if keys.contains("entries") && (keys.contains("lastUpdate") || keys.contains("repoUrl")) { return .githubActionBenchmark }
            if keys.contains("benchmarks") && keys.contains("context") { return .googleBenchmark }
            if keys.contains("benchmarks") && (keys.contains("machine_info") || keys.contains("commit_info")) { return .pytestBenchmark }
            if let results = json["results"]?.arrayValue {
                if results.first?["command"] != nil { return .hyperfine }
                if results.first?["target"] != nil || keys.contains("baselineName") { return .packageBenchmark }
            }
            if keys.contains("testName") || keys.contains("avgTimeMs") { return .leanOptics }
            if keys.contains("sampling_mode") || (keys.contains("iters") && keys.contains("times")) { return .criterion }
            if json["mean"]?["point_estimate"] != nil { return .criterion }
            for m in members where m.value.arrayValue?.first?["testName"] != nil { return .leanOptics }
            // BMF: { benchmark: { measure: { value: n } } }
            if !members.isEmpty, members.allSatisfy({ m in
                guard let inner = m.value.objectMembers, !inner.isEmpty else { return false }
                return inner.allSatisfy { $0.value["value"] != nil }
            }) { return .bencher }
            return nil
        }
        if let items = json.arrayValue, let first = items.first {
            if first["primaryMetric"] != nil && first["benchmark"] != nil { return .jmh }
            if first["testName"] != nil || first["avgTimeMs"] != nil { return .leanOptics }
            if first["name"] != nil && first["value"] != nil && first["unit"] != nil { return .packageBenchmark }
        }
        return nil
    }
}
