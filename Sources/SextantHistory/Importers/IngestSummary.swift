import Foundation

/// The one line `sextant ingest` prints per file: format, runs, measurements, and what was skipped and why.
public enum IngestSummary {
    /// `results/: asv, 31 run(s) added with 1240 measurement(s), 0 already stored; skipped 2 failed (null) asv results`,
    /// or, for `--dry-run` (`stored` nil), `file: go-bench, 1 run(s) with 45 measurement(s) (dry run, nothing stored)`.
    public static func line(file: String, imported: ImportedFile,
                            stored: (added: Int, measurements: Int, alreadyStored: Int)?) -> String {
        var s = "\(file): \(imported.format.rawValue), "
        if let stored {
            s += "\(stored.added) run(s) added with \(stored.measurements) measurement(s), \(stored.alreadyStored) already stored"
        } else {
            s += "\(imported.runs.count) run(s) with \(imported.measurementCount) measurement(s) (dry run, nothing stored)"
        }
        let skipped = imported.skipped.map { "\($0.count) \($0.reason)" }.joined(separator: ", ")
        if !skipped.isEmpty { s += "; skipped \(skipped)" }
        return s
    }
}
