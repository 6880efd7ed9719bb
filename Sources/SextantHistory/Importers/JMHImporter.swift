import Foundation

extension ImportContext {
    /// Samples expanded from one JMH `rawDataHistogram` at most; a larger histogram keeps only the score.
    static let jmhHistogramSampleLimit = 1_000_000

    /// JMH `-rf json` results: an array of `{benchmark, mode, params, primaryMetric: {score,
    /// scoreError, scoreUnit, rawData | rawDataHistogram}, secondaryMetrics}`.
    ///
    /// The benchmark is `benchmark` with its `params` as `name(p1=v1, p2=v2)` (in file order). The
    /// metric follows the mode, so that one file may hold several modes of one benchmark:
    /// `thrpt` -> `throughput` (higher is better), `avgt` -> `time`, `sample` -> `sample_time`,
    /// `ss` -> `single_shot_time` (lower is better). The value is JMH's `score` in `scoreUnit`
    /// (`ops/ms`, `ms/op`, ...), normalised to 1/s or seconds; raw samples are `rawData` (every
    /// measurement iteration of every fork) or, in sample mode, `rawDataHistogram` expanded into
    /// its `[value, count]` pairs (up to 10^6 samples; above that only the score is kept and the
    /// file's summary says so). A `"NaN"` score (JMH writes NaN as a string) is skipped and counted;
    /// secondary metrics (profilers' `·gc.alloc.rate` ...) are not imported and are counted.
    /// Toolchain from `vmName jdkVersion`.
    func jmh(_ json: JSONValue) throws -> [ImportedRun] {
        let entries = try array(json, "JMH results", line: 1)
        var out: [BenchmarkMeasurement] = []
        var md = RunMetadata()
        for e in entries {
            _ = try object(e, "a JMH result", line: 1)
            var name = try string(e, "benchmark")
            let mode = try string(e, "mode")
            if let p = e["params"], !p.isNull {
                let members = try object(p, "\"params\" of \"\(name)\"", line: e.line)
                if !members.isEmpty {
                    let parts = try members.map { m -> String in
                        guard let s = m.value.stringValue else { throw fail(e.line, "param \"\(m.key)\" of \"\(name)\" must be a string") }
                        return "\(m.key)=\(s)"
                    }
                    name += "(" + parts.joined(separator: ", ") + ")"
                }
            }
            let (metric, direction): (String, Direction)
            switch mode {
            case "thrpt": (metric, direction) = ("throughput", .higherIsBetter)
            case "avgt": (metric, direction) = ("time", .lowerIsBetter)
            case "sample": (metric, direction) = ("sample_time", .lowerIsBetter)
            case "ss": (metric, direction) = ("single_shot_time", .lowerIsBetter)
            default: throw fail(e.line, "benchmark \"\(name)\": unknown JMH mode \"\(mode)\" (thrpt, avgt, sample, ss)")
            }
            guard let pm = e["primaryMetric"] else { throw fail(e.line, "benchmark \"\(name)\": missing \"primaryMetric\"") }
            _ = try object(pm, "\"primaryMetric\"", line: e.line)
            if pm["score"]?.stringValue == "NaN" { skips.add("JMH results with a NaN score"); continue }
            let score = try number(pm, "score")
            let unit = try string(pm, "scoreUnit")
            var samples: [Double] = []
            if let raw = pm["rawData"], !raw.isNull {
                for fork in try array(raw, "\"rawData\"", line: pm.line) {
                    for v in try array(fork, "a fork of \"rawData\"", line: pm.line) {
                        guard let d = v.numberValue else { throw fail(pm.line, "\"rawData\" of \"\(name)\" must hold numbers, found \(v.typeName)") }
                        samples.append(d)
                    }
                }
            } else if let hist = pm["rawDataHistogram"], !hist.isNull {
                var pairs: [(Double, Int)] = []
                var total = 0
                for fork in try array(hist, "\"rawDataHistogram\"", line: pm.line) {
                    for iteration in try array(fork, "a fork of \"rawDataHistogram\"", line: pm.line) {
                        for pair in try array(iteration, "an iteration of \"rawDataHistogram\"", line: pm.line) {
                            guard let p = pair.arrayValue, p.count == 2, let v = p[0].numberValue, let c = p[1].numberValue,
                                  c >= 0, c <= 1e15, c == c.rounded() else {
                                throw fail(pm.line, "\"rawDataHistogram\" of \"\(name)\" must hold [value, count] pairs with whole counts")
                            }
                            pairs.append((v, Int(c)))
                            total += Int(c)
                        }
                    }
                }
                if total <= Self.jmhHistogramSampleLimit {
                    samples.reserveCapacity(total)
                    for (v, c) in pairs { samples.append(contentsOf: repeatElement(v, count: c)) }
                } else {
                    skips.add("JMH histograms above 10^6 samples (score kept, samples left out)")
                }
            }
            if let error = pm["scoreError"]?.numberValue, error.isFinite, error < 0 {
                throw fail(pm.line, "benchmark \"\(name)\": negative scoreError \(error)")
            }
            if let secondary = e["secondaryMetrics"]?.objectMembers, !secondary.isEmpty {
                skips.add("JMH secondary metrics", secondary.count)
            }
            out.append(try measurement(line: pm.line, benchmark: name, metric: metric, value: score, unit: unit,
                                       samples: samples.isEmpty ? nil : samples, direction: direction))
            if md.toolchain == nil, let vm = try optionalString(e, "vmName"), let jdk = try optionalString(e, "jdkVersion") {
                md.toolchain = "\(vm) \(jdk)"
            }
        }
        return [ImportedRun(metadata: md, measurements: out)]
    }
}
