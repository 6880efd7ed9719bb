import Foundation

/// The package root (two levels above this file's folder).
func packageRoot() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

func datasetURL(_ relative: String) -> URL {
    packageRoot().appendingPathComponent("datasets").appendingPathComponent(relative)
}

/// Reads a simple CSV (no quoted commas) into rows of fields keyed by the header.
func readCSV(_ url: URL, separator: Character = ",") throws -> [[String: String]] {
    let text = try String(contentsOf: url, encoding: .utf8)
    var lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("#") }
    guard !lines.isEmpty else { return [] }
    let header = lines.removeFirst().split(separator: separator, omittingEmptySubsequences: false).map(String.init)
    return lines.map { line in
        let f = line.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        var row: [String: String] = [:]
        for (k, h) in header.enumerated() where k < f.count { row[h] = f[k] }
        return row
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): the generator of the tests' random signals. Kept here,
/// unchanged, because the property and robustness tests' signals (and the rates they report) come from
/// its streams; the library itself draws from SextantNumerics' `SeededGenerator`.
struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
