// Text reading cases for scripts/bench/bench_endtoend.py (issue 16).
// Usage: sextant-bench text read FILE REPEATS
//   Reads the one-value-per-line FILE as `sextant changepoints --input FILE` does (SextantText's
//   DelimitedReader streaming from the file + DelimitedColumn), REPEATS times.
// Prints one JSON line: {"case": "read", "n": ..., "median_ms": ..., "median_cpu_ms": ..., "runs_ms": [...]}.
import Foundation
import SextantText

enum TextBench {
    static func run(_ args: [String]) throws {
        guard args.count >= 3, args[0] == "read", let repeats = Int(args[2]) else {
            FileHandle.standardError.write(Data("usage: sextant-bench text read FILE REPEATS\n".utf8))
            exit(2)
        }
        var runs: [Double] = [], cpuRuns: [Double] = []
        var n = 0
        var checksum = 0.0
        for _ in 0..<max(1, repeats) {
            let cpu0 = ChangePointBench.cpuMilliseconds()
            let start = DispatchTime.now().uptimeNanoseconds
            guard let reader = DelimitedReader(path: args[1], format: DelimitedColumn.format) else {
                FileHandle.standardError.write(Data("cannot open \(args[1])\n".utf8))
                exit(2)
            }
            let column = try DelimitedColumn.read(reader, column: nil, labelColumn: nil)
            runs.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            cpuRuns.append(ChangePointBench.cpuMilliseconds() - cpu0)
            n = column.values.count
            checksum = column.values.reduce(0, +)
        }
        let median = runs.sorted()[runs.count / 2]
        let cpuMedian = cpuRuns.sorted()[cpuRuns.count / 2]
        let list = runs.map { String(format: "%.3f", $0) }.joined(separator: ", ")
        print("{\"case\": \"read\", \"n\": \(n), \"sum\": \(checksum), \"median_ms\": \(String(format: "%.3f", median)), \"median_cpu_ms\": \(String(format: "%.3f", cpuMedian)), \"runs_ms\": [\(list)]}")
    }
}
