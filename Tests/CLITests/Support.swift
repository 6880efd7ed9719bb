import Foundation

/// The result of running one of the package's built executables.
struct ToolRun: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The folder that holds the built products (`.build/debug`), found beside the test bundle.
func productsDirectory() -> URL {
    if let dir = ProcessInfo.processInfo.environment["SEXTANT_PRODUCTS_DIR"] {
        return URL(fileURLWithPath: dir)
    }
    // On Linux the test bundle is .build/<config>/<Package>PackageTests.xctest, beside the executables.
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var dir = bundle.deletingLastPathComponent()
    if dir.lastPathComponent == "MacOS" { // macOS .xctest bundle layout
        dir = dir.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
    return dir
}

/// The package root (two levels above this file's folder).
func packageRoot() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// Runs a built executable (`sextant`, `optics-bench`) with arguments and optional standard input.
func runTool(
    _ name: String, _ arguments: [String], stdin: Data? = nil,
    environment: [String: String] = [:], currentDirectory: URL? = nil
) throws -> ToolRun {
    try runProcess(productsDirectory().appendingPathComponent(name), arguments, stdin: stdin,
                   environment: environment, currentDirectory: currentDirectory)
}

/// Runs `executable` (a built tool, or a script through /bin/bash) with the environment changes
/// applied; both output pipes are read to their end.
func runProcess(
    _ executable: URL, _ arguments: [String], stdin: Data? = nil,
    environment: [String: String] = [:], currentDirectory: URL? = nil
) throws -> ToolRun {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    process.environment = env
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try input.fileHandleForWriting.close()
    // Read both pipes concurrently so a chatty child cannot block on a full pipe.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ToolRun(
        status: process.terminationStatus,
        stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self)
    )
}

/// A fresh temporary folder for one test.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
