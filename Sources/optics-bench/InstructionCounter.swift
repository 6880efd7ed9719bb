import Foundation
import _InstructionCounter

/// Where `--counter instructions` gets its counts (issue 14).
///
/// 1. `perf_event_open` with the hardware instruction counter, user space only (`exclude_kernel`,
///    `exclude_hv`), which `perf_event_paranoid` 2 allows for one's own threads. Counted inside the
///    same timed samples as the times, at a cost of two `ioctl`s and a `read` per sample.
/// 2. Where the kernel has no such counter (a VM without a virtual PMU answers ENOENT), Valgrind's
///    Callgrind: the runner re-executes itself under `valgrind --tool=callgrind` for a second,
///    counting-only pass (the timed pass stays native) and reads the count of each sample from the
///    dump Callgrind writes at a client request. Callgrind simulates every instruction, so that pass is
///    some 50-100 x slower than the timed one; the runner prints the factor it measured.
/// 3. Neither: one line on standard error, and the run carries on with time only.
enum InstructionSource: Sendable {
    case perf(fd: Int32)
    /// Inside the Callgrind pass: dumps go to `base.1`, `base.2`, ...
    case callgrind(dumpBase: String)
}

/// The environment variable through which the timed pass tells the Callgrind pass where the dumps go.
let callgrindDumpVariable = "OPTICS_BENCH_CALLGRIND_OUT"

/// Counts instructions of `body` with `source`; the state of the Callgrind dump sequence lives here.
final class InstructionCounter {
    let source: InstructionSource
    private var dumps = 0

    init(source: InstructionSource) { self.source = source }

    /// User-space instructions retired while `body` runs, or nil when the counter cannot be read.
    /// - Complexity: O(1) plus `body` (perf); plus one dump file write and read (Callgrind).
    func count(_ body: () -> Void) -> Double? {
        switch source {
        case .perf(let fd):
            sextant_perf_start(fd)
            body()
            let v = sextant_perf_stop(fd)
            return v >= 0 ? Double(v) : nil
        case .callgrind(let base):
            sextant_callgrind_zero()
            body()
            sextant_callgrind_dump("sample")
            dumps += 1
            return Self.callgrindTotal(path: "\(base).\(dumps)")
        }
    }

    /// The `totals:` (or `summary:`) line of a Callgrind dump: the instruction count (event `Ir`).
    static func callgrindTotal(path: String) -> Double? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        try? FileManager.default.removeItem(atPath: path)
        for line in text.split(separator: "\n") where line.hasPrefix("totals:") || line.hasPrefix("summary:") {
            if let v = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) { return v }
        }
        return nil
    }

    /// The perf counter when the kernel offers it; else the errno of the refusal.
    static func openPerf() -> Result<InstructionCounter, PerfUnavailable> {
        var error: Int32 = 0
        let fd = sextant_perf_open_instructions(&error)
        if fd >= 0 { return .success(InstructionCounter(source: .perf(fd: fd))) }
        return .failure(PerfUnavailable(errno: error))
    }

    /// The Callgrind pass's counter, when this process runs under Valgrind with dumps configured.
    static func insideCallgrind() -> InstructionCounter? {
        guard sextant_running_on_valgrind() == 1, let base = ProcessInfo.processInfo.environment[callgrindDumpVariable] else {
            return nil
        }
        return InstructionCounter(source: .callgrind(dumpBase: base))
    }

    static var callgrindCompiledIn: Bool { sextant_callgrind_available() == 1 }
}

struct PerfUnavailable: Error {
    var errno: Int32
    var explanation: String {
        let name = String(cString: strerror(errno))
        switch errno {
        case ENOENT: return "perf_event_open: no hardware instruction counter (\(name); e.g. a VM without a virtual PMU)"
        case EACCES, EPERM: return "perf_event_open: not permitted (\(name); see /proc/sys/kernel/perf_event_paranoid)"
        case ENOSYS: return "perf_event_open: not available on this system"
        default: return "perf_event_open failed: \(name)"
        }
    }
}

/// The first executable `name` on `PATH`.
func executableOnPath(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") {
        let candidate = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}
