import Foundation

extension ImportContext {
    /// Rust libtest's `cargo bench` text (`#[bench]` functions, nightly `test` crate):
    /// `test <name> ... bench: <n> ns/iter (+/- <range>)` with an optional `= <x> MB/s` when the
    /// benchmark sets `b.bytes`. Metric `time` = n (nanoseconds per iteration, thousands separated
    /// by commas, fractions since Rust 1.77); libtest's `+/-` is the spread (max - min) of its
    /// per-sample medians, not an error bar, and is not stored. `MB/s` -> `bytes_per_second`
    /// (higher is better). Other lines (`running 2 tests`, `test result: ...`, ordinary tests)
    /// are ignored; a `... bench:` line that does not parse is an error.
    func rustLibtest(_ data: Data) throws -> [ImportedRun] {
        var out: [BenchmarkMeasurement] = []
        var lineNumber = 0
        func number(_ s: Substring) -> Double? { Double(s.replacingOccurrences(of: ",", with: "")) }
        for raw in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            // The name lies between "test " and "... bench:", searched after "test " (in "test ... bench:"
            // the two overlap: found by Fuzz/fuzz-importers, a trap on an inverted range).
            guard line.hasPrefix("test ") else { continue }
            let rest = line.dropFirst(5)
            guard let dots = rest.range(of: "... bench:") else { continue }
            let name = rest[..<dots.lowerBound].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw fail(lineNumber, "libtest bench line has no benchmark name") }
            let fields = line[dots.upperBound...].split(separator: " ")
            // ["1,234.5", "ns/iter", "(+/-", "56)", "=", "830", "MB/s"]
            guard fields.count >= 4, fields[1] == "ns/iter", fields[2] == "(+/-", fields[3].hasSuffix(")"),
                  let ns = number(fields[0]), number(fields[3].dropLast()) != nil else {
                throw fail(lineNumber, "libtest bench line is not \"<n> ns/iter (+/- <range>)\": \(line.prefix(100))")
            }
            out.append(try measurement(line: lineNumber, benchmark: name, metric: "time", value: ns, unit: "ns", direction: .lowerIsBetter))
            if fields.count > 4 {
                guard fields.count == 7, fields[4] == "=", fields[6] == "MB/s", let mbs = number(fields[5]) else {
                    throw fail(lineNumber, "libtest bench line has unexpected text after the range: \(fields[4...].joined(separator: " ").prefix(60))")
                }
                out.append(try measurement(line: lineNumber, benchmark: name, metric: "bytes_per_second", value: mbs, unit: "MB/s",
                                           direction: .higherIsBetter))
            }
        }
        return [ImportedRun(metadata: RunMetadata(), measurements: out)]
    }

    /// cargo-criterion `--message-format=json`: one JSON object per line; lines with
    /// `"reason": "benchmark-complete"` are benchmarks, other reasons (`group-complete`) are
    /// summaries and are ignored. Per benchmark: name `id`; metric `time` = `typical.estimate`
    /// (what criterion reports as the time: the slope under linear sampling, else the mean) in
    /// `typical.unit`, which must lie within `[lower_bound, upper_bound]`; raw samples
    /// `measured_values[i] / iteration_count[i]` in `unit`; with `throughput: [{per_iteration,
    /// unit: bytes|elements}]`, metric `throughput` = per_iteration / time (bytes -> B/s, elements
    /// -> 1/s, higher is better).
    func cargoCriterion(_ data: Data) throws -> [ImportedRun] {
        var out: [BenchmarkMeasurement] = []
        try forEachJSONLineObject(data) { lineNumber, obj in
            let reason = try string(obj, "reason")
            guard reason == "benchmark-complete" else { return }
            let id = try string(obj, "id")
            guard let typical = obj["typical"] else { throw fail(lineNumber, "benchmark \"\(id)\": missing \"typical\"") }
            _ = try object(typical, "\"typical\"", line: lineNumber)
            let estimate = try number(typical, "estimate")
            let unit = try optionalString(typical, "unit") ?? optionalString(obj, "unit") ?? "ns"
            if let lo = try optionalNumber(typical, "lower_bound"), let hi = try optionalNumber(typical, "upper_bound"),
               !(lo <= estimate && estimate <= hi) {
                throw fail(lineNumber, "benchmark \"\(id)\": typical estimate \(estimate) outside its interval [\(lo), \(hi)]")
            }
            var samples: [Double]? = nil
            if let values = try numbers(obj, "measured_values"), let iters = try numbers(obj, "iteration_count") {
                guard values.count == iters.count else {
                    throw fail(lineNumber, "benchmark \"\(id)\": \(values.count) measured_values for \(iters.count) iteration_count entries")
                }
                samples = try zip(values, iters).map { v, n in
                    guard n >= 1 else { throw fail(lineNumber, "benchmark \"\(id)\": iteration count \(n)") }
                    return v / n
                }
                if try optionalString(obj, "unit") ?? unit != unit {
                    throw fail(lineNumber, "benchmark \"\(id)\": measured_values and typical use different units")
                }
            }
            let m = try measurement(line: lineNumber, benchmark: id, metric: "time", value: estimate, unit: unit,
                                    samples: samples, direction: .lowerIsBetter)
            out.append(m)
            if let tp = obj["throughput"]?.arrayValue?.first, m.unit == "s", m.value > 0 {
                let per = try number(tp, "per_iteration")
                let kind = try string(tp, "unit")
                guard kind == "bytes" || kind == "elements" else { return }
                out.append(try measurement(line: lineNumber, benchmark: id, metric: "throughput", value: per / m.value,
                                           unit: kind == "bytes" ? "B/s" : "1/s", direction: .higherIsBetter))
            }
        }
        return [ImportedRun(metadata: RunMetadata(), measurements: out)]
    }
}
