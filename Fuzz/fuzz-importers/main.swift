import Foundation
import FuzzSupport
import SextantHistory

/// Every importer through the content-detecting entry point (`Importer.parse`, as `sextant ingest`
/// calls it). An input whose first byte is 0x01...0x0F forces format number (byte - 1) on the rest,
/// so each importer is also reached directly. No crash on any input; everything accepted can be
/// stored (`HistoryStore.problem` finds nothing) and holds finite values.
runFuzzer { data, size in
    var input = bytes(data, size)
    var forced: ImportFormat? = nil
    if let first = input.first, first >= 1, first <= 0x0F {
        let all = ImportFormat.allCases
        forced = all[Int(first - 1) % all.count]
        input.removeFirst()
    }
    guard let file = try? Importer.parse(Data(input), name: "fuzz-input", format: forced) else { return 0 }
    if file.runs.isEmpty { violated("accepted a file without runs") }
    for run in file.runs {
        if let problem = HistoryStore.problem(run) { violated("accepted a run the store refuses: \(problem)") }
        for m in run.measurements {
            if !m.value.isFinite { violated("non-finite value") }
            if let s = m.samples, s.contains(where: { !$0.isFinite }) { violated("non-finite sample") }
            if m.value == 0 && m.value.sign == .minus { violated("negative zero stored") }
        }
    }
    return 0
}
