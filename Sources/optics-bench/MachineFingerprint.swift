import Foundation

/// What identifies the machine a run measured, for like-for-like comparisons (issue 15): CPU model,
/// core count, operating system and architecture, toolchain. The hostname is left out on purpose:
/// CI runners are ephemeral and get a new one every job, while two runners of the same kind measure
/// alike. The kernel version is left out too: hosted runners update it without changing speed
/// classes, and including it would split one machine's history at every image update.
struct MachineFingerprint: Equatable {
    /// `model name` of /proc/cpuinfo (whitespace collapsed), else `Processor`/`CPU part`, else "unknown CPU".
    var cpuModel: String
    /// Logical processors available to the process.
    var cores: Int
    /// `uname` system name, e.g. `Linux`.
    var os: String
    /// `uname` machine, e.g. `x86_64`, `aarch64`.
    var architecture: String
    /// The toolchain the runner was built with, e.g. `Swift 6.1`.
    var toolchain: String

    /// The one-line identity stored as the run's `machine`, e.g.
    /// `Linux x86_64, Intel(R) Xeon(R) Processor, 2 cores, Swift 6.1`.
    var identity: String { "\(os) \(architecture), \(cpuModel), \(cores) cores, \(toolchain)" }

    /// The fingerprint of this machine.
    static func current(toolchain: String) -> MachineFingerprint {
        var u = utsname()
        uname(&u)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        return MachineFingerprint(cpuModel: cpuModel(), cores: ProcessInfo.processInfo.activeProcessorCount,
                                  os: field(u.sysname), architecture: field(u.machine), toolchain: toolchain)
    }

    /// The CPU model from /proc/cpuinfo (Linux), else `machdep.cpu.brand_string` (macOS), else "unknown CPU".
    static func cpuModel(cpuinfo: String? = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) -> String {
        if let cpuinfo {
            for key in ["model name", "Processor", "cpu model", "CPU part"] {
                for line in cpuinfo.split(separator: "\n") where line.hasPrefix(key) {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    let value = line[line.index(after: colon)...].split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    if !value.isEmpty { return key == "CPU part" ? "CPU part \(value)" : value }
                }
            }
        }
        #if os(macOS)
        var size = 0
        if sysctlbyname("machdep.cpu.brand_string", nil, &size, nil, 0) == 0, size > 1 {
            var buffer = [CChar](repeating: 0, count: size)
            if sysctlbyname("machdep.cpu.brand_string", &buffer, &size, nil, 0) == 0 { return String(cString: buffer) }
        }
        #endif
        return "unknown CPU"
    }
}
