// Numerics cases for sextant-bench.
//   ols N [REPEATS]: OLS with full inference (coefficients, SEs, t, p, CIs, R², F, covariance,
//   residuals) on n = N rows x 3 columns (intercept + two predictors); the design is built from
//   the predictor columns inside the timed region. Prints one JSON line with every run's time.
import Foundation
import SextantNumerics

enum NumericsBench {
    static func ols(_ args: [String]) throws {
        let n = args.first.flatMap { Int($0) } ?? 1_000_000
        let repeats = args.dropFirst().first.flatMap { Int($0) } ?? 7
        var g = SeededGenerator(seed: 2026)
        var x1 = [Double](repeating: 0, count: n), x2 = x1, y = x1
        for i in 0..<n {
            x1[i] = g.nextUniform() * 10
            x2[i] = g.nextUniform() * 5 - 2
            y[i] = 1.5 + 0.8 * x1[i] - 2.1 * x2[i] + (g.nextUniform() - 0.5)
        }
        var times: [Double] = [], cpu: [Double] = []
        var checksum = 0.0
        // CPU time of this thread (the fit is single-threaded with OPENBLAS_NUM_THREADS=1), beside wall.
        func threadCPU() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
            return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
        }
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = threadCPU()
            let design = Matrix.design(predictors: [x1, x2])
            let fit = try LinearRegression.fit(design, y)
            let ci = fit.confidenceIntervals()
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            checksum += fit.coefficients[1] + fit.standardErrors[2] + ci[0].lower + fit.pValues[0] + fit.rSquared
            times.append(elapsed)
            cpu.append(threadCPU() - cpuStart)
        }
        let sorted = times.sorted()
        let median = sorted[sorted.count / 2]
        let list = times.map { String(format: "%.3f", $0) }.joined(separator: ", ")
        print("{\"case\": \"ols\", \"n\": \(n), \"columns\": 3, \"repeats\": \(repeats), \"median_ms\": \(String(format: "%.3f", median)), \"times_ms\": [\(list)], \"cpu_ms\": [\(cpu.map { String(format: "%.3f", $0) }.joined(separator: ", "))], \"checksum\": \(checksum)}")
    }
}
