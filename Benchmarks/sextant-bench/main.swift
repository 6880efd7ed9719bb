// sextant-bench: times Sextant's kernels for scripts/bench_*.py, which run the peers beside it.
// Usage: sextant-bench CASE [ARGS...]; prints one JSON object per line.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first else {
    FileHandle.standardError.write("usage: sextant-bench CASE [ARGS...]\n".data(using: .utf8)!)
    exit(2)
}
// Each area registers its cases in a file of its own (NumericsBench.swift, ...), one line here.
let registry: [String: ([String]) throws -> Void] = [
    "ols": NumericsBench.ols,
    "changepoint": ChangePointBench.run,
    "forecast-m3-other": ForecastBench.m3Other, "forecast-eval": ForecastBench.evaluate,
    "gate": gateBench,
    "text": TextBench.run,
]
guard let run = registry[name] else {
    FileHandle.standardError.write("sextant-bench: unknown case \(name)\n".data(using: .utf8)!)
    exit(2)
}
// A case's error (bad arguments, unreadable file) is one line on stderr and exit status 2, never a trap.
do {
    try run(Array(arguments.dropFirst()))
} catch {
    FileHandle.standardError.write("sextant-bench \(name): \(error)\n".data(using: .utf8)!)
    exit(2)
}
