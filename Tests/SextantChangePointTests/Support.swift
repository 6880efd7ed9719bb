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

