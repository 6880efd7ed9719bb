import Foundation

/// The one line `sextant ingest` prints per file: format, runs, measurements, and what was skipped and why.
public enum IngestSummary {
    /// `results/: asv, 31 run(s) added with 1240 measurement(s), 0 already stored; skipped 2 failed (null) asv results`,
    /// or, for `--dry-run` (`stored` nil), `file: go-bench, 1 run(s) with 45 measurement(s) (dry run, nothing stored)`.
    public static func line(file: String, imported: ImportedFile,
                            stored: (added: Int, measurements: Int, alreadyStored: Int)?) -> String {
        line(file: file, format: imported.format, runs: imported.runs.count, measurements: imported.measurementCount,
             skipped: imported.skipped, stored: stored)
    }

    /// The same line from counts (a streamed file).
    public static func line(file: String, format: ImportFormat, runs: Int, measurements: Int, skipped: [(reason: String, count: Int)],
                            stored: (added: Int, measurements: Int, alreadyStored: Int)?) -> String {
        var s = "\(file): \(format.rawValue), "
        if let stored {
            s += "\(stored.added) run(s) added with \(stored.measurements) measurement(s), \(stored.alreadyStored) already stored"
        } else {
            s += "\(runs) run(s) with \(measurements) measurement(s) (dry run, nothing stored)"
        }
        let skipped = skipped.map { "\($0.count) \($0.reason)" }.joined(separator: ", ")
        if !skipped.isEmpty { s += "; skipped \(skipped)" }
        return s
    }
}
