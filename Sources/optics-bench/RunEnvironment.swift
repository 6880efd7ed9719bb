import Foundation

/// The process's resident set size in bytes: `/proc/self/statm`'s second field (resident
/// pages) times the page size on Linux; elsewhere the peak RSS from `getrusage`, which is
/// monotone, so growth is still a valid (upper-bound) reading. Returns 0 if unavailable.
func residentSetBytes() -> Int {
    #if os(Linux)
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    #else
    var usage = rusage()
    guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
    return Int(usage.ru_maxrss) // bytes on Darwin
    #endif
}

/// The Swift language version the runner was compiled with, e.g. "Swift 6.3".
let toolchainVersion: String = {
    #if swift(>=6.5)
    return "Swift 6.5+"
    #elseif swift(>=6.4)
    return "Swift 6.4"
    #elseif swift(>=6.3)
    return "Swift 6.3"
    #elseif swift(>=6.2)
    return "Swift 6.2"
    #elseif swift(>=6.1)
    return "Swift 6.1"
    #else
    return "Swift 6.0"
    #endif
}()

/// The commit to record: the explicit value if given, else `SEXTANT_GIT_COMMIT`, else
/// `git rev-parse HEAD` in the current directory, else "unknown".
func currentGitCommit(explicit: String?) -> String {
    if let explicit, !explicit.isEmpty { return explicit }
    if let env = ProcessInfo.processInfo.environment["SEXTANT_GIT_COMMIT"], !env.isEmpty { return env }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "rev-parse", "HEAD"]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return "unknown" }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return process.terminationStatus == 0 && !text.isEmpty ? text : "unknown"
}
