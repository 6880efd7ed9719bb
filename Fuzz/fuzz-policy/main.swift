import FuzzSupport
import SextantGate

/// The gate policy reader: no crash on any text; an accepted policy has the ranges it promises.
runFuzzer { data, size in
    let text = String(decoding: bytes(data, size), as: UTF8.self)
    do {
        let p = try GatePolicy.parse(text, file: "fuzz.json")
        if !(p.confidence > 0 && p.confidence < 1) { violated("confidence \(p.confidence)") }
        if !(p.falseDiscoveryRate > 0 && p.falseDiscoveryRate < 1) { violated("FDR \(p.falseDiscoveryRate)") }
        for v in [p.limits.maxAvgTimeMs, p.limits.maxTotalTimeMs, p.limits.minThroughput, p.limits.maxMemoryUsage] {
            if let v, !(v >= 0 && v.isFinite) { violated("limit \(v)") }
        }
        if p.forecastHorizon < 1 || p.baselineWindow < 2 { violated("horizon \(p.forecastHorizon) window \(p.baselineWindow)") }
        for o in p.overrides where o.pattern.isEmpty { violated("empty override glob") }
        _ = p.settings(for: "lens.get")
    } catch let error as PolicyError {
        if let line = error.line, line < 1 { violated("error line \(line)") }
    } catch {
        violated("an error of another type: \(error)")
    }
    return 0
}
