import Foundation
import Testing
@testable import SextantHistory
@testable import SextantPostgres

/// The store backends every test of the store suite runs on, with the same assertions.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

/// PostgreSQL is not installed: the one case in which the PostgreSQL tests are skipped (with a line).
struct PostgresUnavailable: Error, CustomStringConvertible {
    var description: String
}

/// The repository root (three levels above this file).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The test server could not be started (or did not start in time): the PostgreSQL tests fail.
struct ServerStartFailed: Error, CustomStringConvertible {
    var description: String
}

/// Set when this process started the server itself, so that it stops it at exit.
nonisolated(unsafe) private var startedServerDirectory: String?

/// The PostgreSQL server of the tests: the one `make test` started (scripts/with_postgres.sh exports
/// SEXTANT_TEST_POSTGRES_URL and PGPASSWORD), else one this process starts with
/// scripts/pg_test_server.sh and stops at exit. Each test gets a database of its own.
final class TestServer: Sendable {
    /// `postgresql://user@host:port` (no database).
    let base: String
    private let lock = NSLock()

    init(base: String) { self.base = base }

    static let shared: Result<TestServer, any Error> = {
        let env = ProcessInfo.processInfo.environment
        if env["SEXTANT_TEST_POSTGRES"] == "unavailable" {
            return .failure(PostgresUnavailable(description: "SEXTANT_TEST_POSTGRES=unavailable (PostgreSQL is not installed)"))
        }
        if let url = env["SEXTANT_TEST_POSTGRES_URL"], !url.isEmpty {
            return .success(TestServer(base: stripDatabase(url)))
        }
        let started: (status: Int32, directory: String, message: String)
        do { started = try startServer() } catch { return .failure(error) }
        if started.status == 3 { return .failure(PostgresUnavailable(description: started.message)) }
        let dir = started.directory
        guard started.status == 0, let text = try? String(contentsOfFile: dir + "/env", encoding: .utf8) else {
            return .failure(ServerStartFailed(description: "pg_test_server.sh start failed (\(started.status)): \(started.message)"))
        }
        startedServerDirectory = dir
        atexit {
            guard let dir = startedServerDirectory else { return }
            let stop = Process()
            stop.executableURL = URL(fileURLWithPath: "/bin/bash")
            stop.arguments = [packageRoot.appendingPathComponent("scripts/pg_test_server.sh").path, "stop", dir]
            try? stop.run()
            stop.waitUntilExit()
        }
        var url = ""
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            setenv(parts[0], parts[1], 1)   // PGPASSWORD for this process and the CLI processes it starts
            if parts[0] == "SEXTANT_TEST_POSTGRES_URL" { url = parts[1] }
        }
        FileHandle.standardError.write(Data("SextantStoreTests: started a PostgreSQL test server at \(url) in \(dir)\n".utf8))
        return .success(TestServer(base: stripDatabase(url)))
    }()

    /// How long `pg_test_server.sh start` may take before the tests fail instead of waiting: a backstop
    /// above the script's own bound (initdb, then at most 5 server starts of `pg_ctl -w -t 60`).
    static let startTimeout: TimeInterval = 400

    /// Runs `scripts/pg_test_server.sh start`. Its output goes to files, not pipes: the server it starts
    /// outlives it, and a pipe the server inherited would never reach its end (the tests used to hang
    /// here when run without scripts/with_postgres.sh). The script also closes inherited descriptors.
    /// - Throws: `ServerStartFailed` when the script does not finish within ``startTimeout``.
    static func startServer() throws -> (status: Int32, directory: String, message: String) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-pg-start-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outPath = scratch.appendingPathComponent("stdout").path, errPath = scratch.appendingPathComponent("stderr").path
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer { try? out.close(); try? err.close() }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [packageRoot.appendingPathComponent("scripts/pg_test_server.sh").path, "start"]
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = out
        p.standardError = err
        let done = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in done.signal() }
        try p.run()
        if done.wait(timeout: .now() + startTimeout) == .timedOut {
            p.terminate()
            _ = done.wait(timeout: .now() + 10)
            throw ServerStartFailed(description: "scripts/pg_test_server.sh start did not finish within \(Int(startTimeout)) s "
                + "(stderr: \((try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")); run the PostgreSQL tests through scripts/with_postgres.sh")
        }
        let read = { (path: String) in ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        return (p.terminationStatus, read(outPath), read(errPath))
    }

    static func stripDatabase(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let slash = url[scheme.upperBound...].firstIndex(of: "/") else { return url }
        return String(url[..<slash])
    }

    /// A new empty database; its URL.
    func newDatabase() throws -> String {
        let name = "sx_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try lock.withLock {
            let admin = try PGConnection(conninfo: base + "/postgres")
            try admin.execScript("CREATE DATABASE \(name)")
        }
        return base + "/" + name
    }

    /// Runs `sql` on database `url` (a script of statements).
    func execute(_ sql: String, on url: String) throws -> PGResult {
        try PGConnection(conninfo: url).exec(sql)
    }
}

/// The test server, or nil after printing why the PostgreSQL case is skipped (PostgreSQL is not
/// installed). Any other failure to start it is an error, so that the tests fail rather than skip.
func postgresServer(_ test: String = #function) throws -> TestServer? {
    switch TestServer.shared {
    case let .success(server): return server
    case let .failure(e as PostgresUnavailable):
        print("SKIP \(test) [postgres]: \(e.description)")
        return nil
    case let .failure(e): throw e
    }
}

/// A fresh SQLite file path.
func temporaryStorePath() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-store-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("history.sqlite").path
}

/// A fresh, empty store of `backend`: an SQLite file, or a new database on the test server (nil
/// when PostgreSQL is not installed, after the SKIP line).
func makeStore(_ backend: Backend, _ test: String = #function) throws -> (any HistoryStoring)? {
    switch backend {
    case .sqlite:
        return try HistoryStore(path: temporaryStorePath())
    case .postgres:
        guard let server = try postgresServer(test) else { return nil }
        return try PostgresStore(url: try server.newDatabase())
    }
}

/// Runs raw SQL on a store behind its API (to plant rows no version of Sextant writes).
func executeRaw(_ store: any HistoryStoring, sqlite: String, postgres: String) throws {
    if let s = store as? HistoryStore {
        try s.write { db in try db.execute(sql: sqlite) }
    } else if let p = store as? PostgresStore {
        try p.locked { c in try c.execScript(postgres) }
    }
}

func sampleRun(commit: String, day: Int, value: Double, branch: String = "main", machine: String? = "ci") -> ImportedRun {
    ImportedRun(
        metadata: RunMetadata(commit: commit, branch: branch, timestamp: Date(timeIntervalSince1970: 1_700_000_000 + Double(day) * 86_400), machine: machine),
        measurements: [
            BenchmarkMeasurement(benchmark: "lens.get", metric: "time", unit: "s", direction: .lowerIsBetter, value: value,
                                 samples: [value * 0.9, value, value * 1.1], iterations: 1000),
            BenchmarkMeasurement(benchmark: "lens.set", metric: "time", unit: "s", direction: .lowerIsBetter, value: value * 2),
            BenchmarkMeasurement(benchmark: "lens.get", metric: "throughput", unit: "1/s", direction: .higherIsBetter, value: 1 / value),
        ])
}

/// The `sextant` binary beside the test bundle.
func sextantBinary() -> URL {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    return bundle.deletingLastPathComponent().appendingPathComponent("sextant")
}

struct ToolRun: Sendable { var status: Int32; var stdout: String; var stderr: String }

/// Runs `sextant` with `arguments`, environment changes applied (nil removes a variable).
func sextant(_ arguments: [String], environment: [String: String?] = [:]) throws -> ToolRun {
    let p = try startSextant(arguments, environment: environment)
    return p.finish()
}

/// A started `sextant` process whose output is collected.
final class RunningTool: @unchecked Sendable {
    let process = Process()
    private let out = Pipe(), err = Pipe()
    private var outData = Data(), errData = Data()
    private let group = DispatchGroup()

    init(_ arguments: [String], environment: [String: String?]) throws {
        process.executableURL = sextantBinary()
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        group.enter()
        DispatchQueue.global().async { self.errData = self.err.fileHandleForReading.readDataToEndOfFile(); self.group.leave() }
        group.enter()
        DispatchQueue.global().async { self.outData = self.out.fileHandleForReading.readDataToEndOfFile(); self.group.leave() }
    }

    func finish() -> ToolRun {
        group.wait()
        process.waitUntilExit()
        return ToolRun(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }
}

func startSextant(_ arguments: [String], environment: [String: String?] = [:]) throws -> RunningTool {
    try RunningTool(arguments, environment: environment)
}
