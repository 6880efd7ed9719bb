import Foundation
import SextantText

extension ImportContext {
    /// Go benchmark text (`go test -bench`, the benchfmt format of golang.org/design/14313 that
    /// benchstat reads).
    ///
    /// - `BenchmarkName[-procs] N value unit [value unit]...` lines: the benchmark is the name
    ///   without `Benchmark` and without the `-procs` (GOMAXPROCS) suffix, which stays only when one
    ///   name runs with several GOMAXPROCS (`-cpu 1,2`); a name measured in two packages is prefixed
    ///   with the package path. Repeated lines (`-count`) are raw samples; the value is their mean,
    ///   iterations the last line's N.
    /// - Units: `ns/op` (or `sec/op`) -> metric `time`, `B/op` -> `alloc_bytes` (bytes), `allocs/op`
    ///   -> `allocs` (count), `MB/s` (`b.SetBytes`, 10^6 bytes per second) -> `bytes_per_second`,
    ///   higher is better; any other unit (`b.ReportMetric`) is a metric named after the unit,
    ///   normalised if it is a time, memory or rate unit, lower is better unless a
    ///   `Unit <unit> better=higher` line says otherwise.
    /// - Configuration lines `key: value` (lower-case key): `goos`, `goarch`, `cpu` give the machine
    ///   (`<cpu> <goos>/<goarch>`), `pkg` the package of the following results.
    /// - `--- FAIL: Benchmark...` lines are counted as skipped; all other text is ignored, but a
    ///   line that starts like a result (`BenchmarkX<space>...`) and does not parse is an error.
    func goBench(_ data: Data) throws -> [ImportedRun] {
        struct Key: Hashable { var pkg: String; var base: String; var procs: String }
        struct Series { var values: [String: [Double]] = [:]; var unitOrder: [String] = []; var iterations = 0; var line = 0 }
        var config: [String: String] = [:]
        var order: [Key] = []
        var series: [Key: Series] = [:]
        var better: [String: Direction] = [:]
        var lineNumber = 0
        for raw in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.hasPrefix("--- FAIL: Benchmark") { skips.add("failed Go benchmarks"); continue }
            if line.hasPrefix("Unit ") {
                let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard f.count >= 2 else { throw fail(lineNumber, "Unit line without a unit") }
                for kv in f.dropFirst(2) where kv.hasPrefix("better=") {
                    switch kv.dropFirst("better=".count) {
                    case "higher", "+": better[String(f[1])] = .higherIsBetter
                    case "lower", "-": better[String(f[1])] = .lowerIsBetter
                    default: throw fail(lineNumber, "Unit \(f[1]): better= must be higher or lower, not \(kv.dropFirst(7))")
                    }
                }
                continue
            }
            if let first = line.first, first.isLowercase, let colon = line.firstIndex(of: ":"),
               !line[..<colon].contains(where: { $0 == " " || $0 == "\t" || $0.isUppercase }) {
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                config[String(line[..<colon])] = value
                continue
            }
            guard line.hasPrefix("Benchmark") else { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let name = fields[0].dropFirst("Benchmark".count)
            if let c = name.first, c.isLowercase { continue } // "Benchmarking ...": prose, not a result
            if fields.count == 1 { continue } // the name alone, printed before a benchmark's log output
            guard fields.count >= 4, fields.count % 2 == 0 else {
                throw fail(lineNumber, "Go benchmark line needs name, iterations and value-unit pairs: \(line.prefix(80))")
            }
            guard let n = Int(fields[1]), n > 0 else { throw fail(lineNumber, "iterations \"\(fields[1].prefix(40))\" is not a positive integer") }
            var base = String(name), procs = ""
            if let dash = base.lastIndex(of: "-"), base.index(after: dash) < base.endIndex,
               base[base.index(after: dash)...].allSatisfy(\.isASCII), Int(base[base.index(after: dash)...]) != nil {
                procs = String(base[base.index(after: dash)...])
                base = String(base[..<dash])
            }
            guard !base.isEmpty else { throw fail(lineNumber, "empty benchmark name") }
            let key = Key(pkg: config["pkg"] ?? "", base: base, procs: procs)
            if series[key] == nil { series[key] = Series(line: lineNumber); order.append(key) }
            var s = series[key]!
            for k in stride(from: 2, to: fields.count, by: 2) {
                guard let v = DecimalText.double(fields[k]), v.isFinite else {
                    throw fail(lineNumber, "value \"\(fields[k].prefix(40))\" is not a number")
                }
                let unit = String(fields[k + 1])
                if s.values[unit] == nil { s.unitOrder.append(unit) }
                s.values[unit, default: []].append(v)
            }
            s.iterations = n
            series[key] = s
        }
        // Names: the package only where two packages share a name, -procs only where one name has several.
        var pkgsOf: [String: Set<String>] = [:], procsOf: [String: Set<String>] = [:]
        for k in order { pkgsOf[k.base, default: []].insert(k.pkg); procsOf[k.pkg + "\u{1}" + k.base, default: []].insert(k.procs) }
        var out: [BenchmarkMeasurement] = []
        for k in order {
            let s = series[k]!
            var name = k.base
            if (procsOf[k.pkg + "\u{1}" + k.base]?.count ?? 0) > 1, !k.procs.isEmpty { name += "-" + k.procs }
            if (pkgsOf[k.base]?.count ?? 0) > 1, !k.pkg.isEmpty { name = k.pkg + "." + name }
            for unit in s.unitOrder {
                let values = s.values[unit]!
                let metric: String
                switch unit {
                case "ns/op", "sec/op": metric = "time"
                case "B/op": metric = "alloc_bytes"
                case "allocs/op": metric = "allocs"
                case "MB/s", "B/s": metric = "bytes_per_second"
                default: metric = unit
                }
                let storedUnit = unit == "B/op" ? "B" : unit == "allocs/op" ? "count" : unit
                let direction = better[unit] ?? Units.direction(of: Units.normalise(storedUnit).kind)
                out.append(try measurement(line: s.line, benchmark: name, metric: metric, value: mean(values), unit: storedUnit,
                                           samples: values.count > 1 ? values : nil,
                                           iterations: metric == "time" ? s.iterations : nil, direction: direction))
            }
        }
        var md = RunMetadata()
        let platform = [config["goos"], config["goarch"]].compactMap { $0 }.joined(separator: "/")
        let machine = [config["cpu"], platform.isEmpty ? nil : platform].compactMap { $0 }.joined(separator: " ")
        if !machine.isEmpty { md.machine = machine }
        if let go = config["go"] { md.toolchain = go }
        return [ImportedRun(metadata: md, measurements: out)]
    }
}
