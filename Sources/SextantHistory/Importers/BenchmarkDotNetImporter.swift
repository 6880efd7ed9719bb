import Foundation

extension ImportContext {
    /// BenchmarkDotNet's full JSON export (`JsonExporter.Full`, `<Type>-report-full.json` or
    /// `-report-full-compressed.json`): `{Title, HostEnvironmentInfo, Benchmarks: [{FullName,
    /// Parameters, DisplayInfo, Statistics, Memory, Measurements}]}`.
    ///
    /// The benchmark is `FullName` (with `(Parameters)` appended when the name does not carry them);
    /// names that occur for several jobs get the job of `DisplayInfo` (`Name [ShortRun(...)]`).
    /// Metric `time` (nanoseconds) = `Statistics.Mean`, BenchmarkDotNet's reported mean, with the raw
    /// samples of the measurements with `IterationMode: Workload` and `IterationStage: Result` (the
    /// workload iterations after overhead subtraction and outlier removal, the values behind the
    /// statistics), each `Nanoseconds / Operations`. Metric `alloc_bytes` (bytes per operation) =
    /// `Memory.BytesAllocatedPerOperation` when the memory diagnoser ran. Both lower is better.
    /// Benchmarks without `Statistics` (they failed) are skipped and counted. Machine
    /// `ProcessorName, OsVersion`, toolchain `RuntimeVersion`, timestamp the `-yyyyMMdd-HHmmss`
    /// suffix of `Title` (the runner's local time, read as UTC).
    func benchmarkDotNet(_ json: JSONValue) throws -> [ImportedRun] {
        let benchmarks = try array(json["Benchmarks"], "\"Benchmarks\"", line: json.line)
        var md = RunMetadata()
        if let host = json["HostEnvironmentInfo"], host.objectMembers != nil {
            let parts = [try optionalString(host, "ProcessorName"), try optionalString(host, "OsVersion")].compactMap { $0 }
            if !parts.isEmpty { md.machine = parts.joined(separator: ", ") }
            md.toolchain = try optionalString(host, "RuntimeVersion")
        }
        if let title = try optionalString(json, "Title"), title.count >= 16 {
            let tail = String(title.suffix(16)) // -yyyyMMdd-HHmmss
            let c = Array(tail)
            if c[0] == "-", c[9] == "-", tail.dropFirst().allSatisfy({ $0.isNumber || $0 == "-" }) {
                let iso = "\(String(c[1...4]))-\(String(c[5...6]))-\(String(c[7...8]))T\(String(c[10...11])):\(String(c[12...13])):\(String(c[14...15]))Z"
                md.timestamp = Timestamps.parse(iso)
            }
        }
        var names: [String] = []
        for b in benchmarks {
            _ = try object(b, "a BenchmarkDotNet benchmark", line: json.line)
            var name = try optionalString(b, "FullName") ?? string(b, "Method")
            if let p = try optionalString(b, "Parameters"), !p.isEmpty, !name.contains("(") { name += "(\(p))" }
            names.append(name)
        }
        var counts: [String: Int] = [:]
        for n in names { counts[n, default: 0] += 1 }
        var out: [BenchmarkMeasurement] = []
        for (b, base) in zip(benchmarks, names) {
            var name = base
            if counts[base, default: 0] > 1, let display = try optionalString(b, "DisplayInfo"), let colon = display.range(of: ": ") {
                name += " [\(display[colon.upperBound...])]"
            }
            guard let stats = b["Statistics"], !stats.isNull else { skips.add("BenchmarkDotNet benchmarks without statistics (failed)"); continue }
            _ = try object(stats, "\"Statistics\" of \"\(name)\"", line: b.line)
            let meanNs = try number(stats, "Mean")
            var samples: [Double] = []
            if let ms = b["Measurements"], !ms.isNull {
                for m in try array(ms, "\"Measurements\" of \"\(name)\"", line: b.line) {
                    _ = try object(m, "a measurement", line: b.line)
                    guard try optionalString(m, "IterationMode") == "Workload", try optionalString(m, "IterationStage") == "Result" else { continue }
                    let ns = try number(m, "Nanoseconds"), ops = try number(m, "Operations")
                    guard ops >= 1 else { throw fail(m.line, "benchmark \"\(name)\": a measurement with \(ops) operations") }
                    samples.append(ns / ops)
                }
            }
            out.append(try measurement(line: stats.line, benchmark: name, metric: "time", value: meanNs, unit: "ns",
                                       samples: samples.isEmpty ? nil : samples, direction: .lowerIsBetter))
            if let mem = b["Memory"], mem.objectMembers != nil, let bytes = try optionalNumber(mem, "BytesAllocatedPerOperation") {
                out.append(try measurement(line: mem.line, benchmark: name, metric: "alloc_bytes", value: bytes, unit: "B",
                                           direction: .lowerIsBetter))
            }
        }
        return [ImportedRun(metadata: md, measurements: out)]
    }
}
