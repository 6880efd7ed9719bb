import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--quiet`: no progress bar (the bar is drawn only when standard error is a terminal anyway).
struct ProgressOptions: ParsableArguments {
    @Flag(name: .long, help: "No progress bar on standard error (none is drawn when it is not a terminal).")
    var quiet = false

    /// A bar for `total` items of `label`, silent unless stderr is a terminal and --quiet is not given.
    func bar(_ label: String, total: Int) -> ProgressBar {
        ProgressBar(label: label, total: total, enabled: !quiet && isatty(STDERR_FILENO) == 1)
    }
}

/// A one-line progress bar on standard error: `label [#####.....] done/total  pct  ETA m:ss`.
///
/// The ETA is the elapsed time per finished item times the items left (a constant-rate estimate: the
/// simplest one that needs no tuning). Redrawn at most every 0.1 s (and at the end), so that a fast
/// loop does not spend its time writing to the terminal; the line is erased when the work ends, so the
/// command's own output is unchanged. Disabled (no output at all) when stderr is not a terminal.
/// Terminal I/O only: no statistics, no effect on any result.
final class ProgressBar {
    let label: String
    let total: Int
    let enabled: Bool
    private(set) var done = 0
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(label: String, total: Int, enabled: Bool) {
        self.label = label
        self.total = max(total, 0)
        self.enabled = enabled && total > 0
    }

    /// Marks `count` more items done and redraws when due.
    func advance(_ count: Int = 1) {
        done = min(total, done + count)
        guard enabled else { return }
        let now = Date()
        if done == total || now.timeIntervalSince(lastDraw) >= 0.1 {
            lastDraw = now
            draw(now)
        }
    }

    /// Erases the bar (call once the work is over, before printing results).
    func finish() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }

    /// The text of the bar at `elapsed` seconds (exposed for the line format only).
    static func line(label: String, done: Int, total: Int, elapsed: Double, width: Int = 24) -> String {
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let filled = min(width, Int((fraction * Double(width)).rounded(.down)))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        var eta = "ETA --:--"
        if done > 0 {
            let left = elapsed / Double(done) * Double(total - done)
            let s = Int(left.rounded())
            eta = String(format: "ETA %d:%02d", s / 60, s % 60)
        }
        return "\(label) [\(bar)] \(done)/\(total) \(Int((fraction * 100).rounded(.down)))% \(eta)"
    }

    private func draw(_ now: Date) {
        let text = ProgressBar.line(label: label, done: done, total: total, elapsed: now.timeIntervalSince(start))
        FileHandle.standardError.write(Data("\r\(text)\u{1B}[K".utf8))
        drawn = true
    }
}
