// Forecast cases for sextant-bench: automatic ETS selection and forecast of M3 "Other".
import Foundation
import SextantForecast

enum ForecastBench {
    /// `forecast-m3-other [RUNS] [PATH]`: fits every non-seasonal ETS model to each of the 174
    /// M3 Other training series, combines them by AICc weights and forecasts 8 steps with 80%
    /// and 95% intervals; prints the median wall time over RUNS (default 7) and the accuracy. CPU time is reported beside wall time: the
    /// machine is shared, and process CPU time is less disturbed by other jobs.
    static func m3Other(_ args: [String]) throws {
        let runs = args.first.flatMap(Int.init) ?? 7
        let path = args.count > 1 ? args[1] : "datasets/m3-other/m3_other.json"
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        let data: [(train: [Double], test: [Double])] = (root["series"] as! [[String: Any]]).map {
            (($0["train"] as! [NSNumber]).map(\.doubleValue), ($0["test"] as! [NSNumber]).map(\.doubleValue))
        }
        func cpuSeconds() -> Double {
            var ts = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
            return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
        }
        var times: [Double] = [], cpu: [Double] = []
        var last: [Forecast] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds, cpuStart = cpuSeconds()
            last = try data.map { try Forecaster.forecast($0.train, method: .auto, horizon: $0.test.count, levels: [80, 95]) }
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            cpu.append(cpuSeconds() - cpuStart)
        }
        var i = 0
        let score = AccuracySummary.evaluate(data) { _, _ in defer { i += 1 }; return last[i] }
        let median = times.sorted()[times.count / 2]
        print("{\"case\": \"forecast-m3-other\", \"series\": \(data.count), \"runs\": \(runs), \"median_seconds\": \(median), \"median_cpu_seconds\": \(cpu.sorted()[cpu.count / 2]), "
            + "\"times\": \(times), \"smape\": \(score.smape), \"mase\": \(score.mase), \"coverage80\": \(score.coverage80), "
            + "\"coverage95\": \(score.coverage95), \"msis95\": \(score.msis95)}")
    }
}

extension ForecastBench {
    /// `forecast-eval [PATH]`: the evaluation command. Scores every method (and the single
    /// AICc-best ETS) on a forecasting set in the `datasets/m3-other/m3_other.json` format
    /// (`{"series": [{"train": [...], "test": [...]}, ...]}`, non-seasonal) with the M4 measures:
    /// mean sMAPE, mean MASE, pooled 80%/95% coverage, mean MSIS(95%). One JSON line per method.
    static func evaluate(_ args: [String]) throws {
        let path = args.first ?? "datasets/m3-other/m3_other.json"
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        let data: [(train: [Double], test: [Double])] = (root["series"] as! [[String: Any]]).map {
            (($0["train"] as! [NSNumber]).map(\.doubleValue), ($0["test"] as! [NSNumber]).map(\.doubleValue))
        }
        for method in ForecastMethod.allCases {
            let s = try AccuracySummary.evaluate(data) { train, h in
                try Forecaster.forecast(train, method: method, horizon: h, levels: [80, 95])
            }
            print("{\"method\": \"\(method.rawValue)\", \"series\": \(s.series), \"smape\": \(s.smape), \"mase\": \(s.mase), "
                + "\"coverage80\": \(s.coverage80), \"coverage95\": \(s.coverage95), \"msis95\": \(s.msis95)}")
        }
    }
}
