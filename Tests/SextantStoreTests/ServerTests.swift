import Foundation
import Testing
@testable import SextantHistory
@testable import SextantPostgres

/// What only a server meets: the CLI against a URL, many writers at once, a writer killed mid-COPY,
/// and whole-history copies between the backends.
@Suite(.serialized) struct ServerTests {
    /// A Sextant JSON Lines result file of one run with `benchmarks` measurements.
    static func resultFile(in dir: URL, name: String, commit: String, day: Int, benchmarks: [String], value: Double) throws -> String {
        let stamp = Timestamps.format(Date(timeIntervalSince1970: 1_700_000_000 + Double(day) * 60))
        var text = ""
        for (k, b) in benchmarks.enumerated() {
            text += "{\"run\":1,\"commit\":\"\(commit)\",\"branch\":\"main\",\"timestamp\":\"\(stamp)\",\"machine\":\"ci\",\"toolchain\":null,\"benchmark\":\"\(b)\",\"metric\":\"time\",\"unit\":\"s\",\"direction\":\"lower\",\"value\":\(value + Double(k)),\"iterations\":10,\"samples\":[\(value),\(value * 2)]}\n"
        }
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `--store postgresql://...` for commands, SEXTANT_STORE, no folder `postgresql:` created, and the
    /// password from PGPASSWORD or a ~/.pgpass-format file (libpq), else a one-line error, exit 2.
    @Test func commandLineTakesTheURL() throws {
        guard let server = try postgresServer() else { return }
        let url = try server.newDatabase()
        let dir = try Self.temporaryDirectory()
        let file = try Self.resultFile(in: dir, name: "r.jsonl", commit: "abc1234", day: 0, benchmarks: ["a", "b"], value: 1)
        let cwd = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(dir.path)
        defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
        let ingest = try sextant(["ingest", file, "--store", url])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("1 run(s) added with 2 measurement(s)"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("postgresql:").path))
        let runs = try sextant(["runs", "--format", "json"], environment: ["SEXTANT_STORE": url])
        #expect(runs.status == 0 && runs.stdout.contains("\"commit\" : \"abc1234\""), "\(runs.stdout) \(runs.stderr)")
        // No password anywhere: libpq's error, on one line, exit 2.
        let none = try sextant(["runs", "--store", url], environment: ["PGPASSWORD": nil, "PGPASSFILE": "/nonexistent"])
        #expect(none.status == 2)
        #expect(none.stderr.hasPrefix("sextant: error: store: \(url): connection to server at \"127.0.0.1\""), "\(none.stderr)")
        #expect(none.stderr.split(separator: "\n").count == 1)
        // The password from a .pgpass file (PGPASSFILE points libpq at it; mode 0600 as libpq requires).
        let password = try #require(ProcessInfo.processInfo.environment["PGPASSWORD"])
        let host = url.split(separator: "@")[1].split(separator: "/")[0]
        let pgpass = dir.appendingPathComponent("pgpass").path
        try "\(host.replacingOccurrences(of: ":", with: ":")):*:sextant:\(password)\n".write(toFile: pgpass, atomically: true, encoding: .utf8)
        chmod(pgpass, 0o600)
        let viaFile = try sextant(["series", "--store", url], environment: ["PGPASSWORD": nil, "PGPASSFILE": pgpass])
        #expect(viaFile.status == 0 && viaFile.stdout.contains("a "), "\(viaFile.stderr)")
        // A URL scheme no backend speaks is refused, and creates nothing.
        let ftp = try sextant(["ingest", file, "--store", "mysql://u@h/db"])
        #expect(ftp.status == 2 && ftp.stderr.contains("unknown store URL scheme mysql://"), "\(ftp.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("mysql:").path))
    }

    /// 8 processes x 50 ingests at once (each process also ingests one file all of them share):
    /// 401 runs, none lost or twice, every run with all its measurements; a reader meanwhile.
    @Test func manyWritersAtOnce() throws {
        guard let server = try postgresServer() else { return }
        let url = try server.newDatabase()
        _ = try PostgresStore(url: url)   // migrated once; the writers below race on series creation
        let dir = try Self.temporaryDirectory()
        let shared = try Self.resultFile(in: dir, name: "shared.jsonl", commit: "shared0", day: 0, benchmarks: ["common.a", "common.b"], value: 7)
        var processes: [RunningTool] = []
        for p in 0..<8 {
            var files = [shared]
            for k in 0..<50 {
                // common series for everyone, plus one new series per process (created concurrently)
                files.append(try Self.resultFile(in: dir, name: "p\(p)-\(k).jsonl", commit: "c\(p)x\(k)", day: 1 + p * 50 + k,
                                                 benchmarks: ["common.a", "common.b", "proc\(p).only"], value: Double(p * 100 + k)))
            }
            processes.append(try startSextant(["ingest"] + files + ["--store", url]))
        }
        let reader = try startSextant(["series", "--store", url])
        let results = processes.map { $0.finish() }
        for (p, r) in results.enumerated() {
            #expect(r.status == 0, "process \(p): \(r.stderr)")
            #expect(r.stdout.split(separator: "\n").count == 51, "process \(p): \(r.stdout)")
        }
        #expect(reader.finish().status == 0)
        let store = try PostgresStore(url: url, create: false)
        #expect(try store.counts() == (401, 2 + 400 * 3))
        let runs = try store.runs(branch: nil, machine: nil, limit: nil)
        #expect(Set(runs.map(\.commit)).count == 401)
        #expect(Set(runs.map(\.contentHash)).count == 401)
        let incomplete = try server.execute("""
            SELECT count(*) FROM run r WHERE measurement_count <> (SELECT count(*) FROM measurement m WHERE m.run_id = r.id)
            """, on: url).int64(0, 0)
        #expect(incomplete == 0)
        let series = try store.series(benchmark: "*", metric: nil, branch: nil, machine: nil, includeSamples: false)
        #expect(series.map(\.benchmark) == ["common.a", "common.b"] + (0..<8).map { "proc\($0).only" })
        #expect(series[0].points.count == 401 && series[2].points.count == 50)
    }

    /// SIGKILL of an ingest while its COPY runs: every earlier run intact, no partial run.
    ///
    /// The moment is made deterministic, not hoped for: this test holds a SHARE lock on
    /// `measurement`, so the victim's `COPY measurement FROM STDIN` (after its run rows are
    /// inserted in the same transaction) waits inside the server until the test has killed it.
    @Test func killedDuringCopyLeavesNoPartialRun() throws {
        guard let server = try postgresServer() else { return }
        let url = try server.newDatabase()
        let dir = try Self.temporaryDirectory()
        let earlier = try (0..<3).map { try Self.resultFile(in: dir, name: "e\($0).jsonl", commit: "e\($0)", day: $0, benchmarks: ["x", "y"], value: Double($0)) }
        #expect(try sextant(["ingest"] + earlier + ["--store", url]).status == 0)
        let before = try server.execute("SELECT string_agg(content_hash || ':' || measurement_count, ',' ORDER BY id) FROM run", on: url).text(0, 0)
        let big = try Self.resultFile(in: dir, name: "big.jsonl", commit: "big", day: 9, benchmarks: (0..<2_000).map { "b\($0)" }, value: 1)
        let holder = try PGConnection(conninfo: url)
        try holder.exec("BEGIN")
        try holder.exec("LOCK TABLE measurement IN SHARE MODE")
        let watcher = try PGConnection(conninfo: url)   // outside any transaction: fresh activity each query
        let app = "sextant-kill-\(UUID().uuidString.prefix(8))"
        let victim = try startSextant(["ingest", big, "--store", url], environment: ["PGAPPNAME": app])
        var sawCopy = false
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, victim.process.isRunning {
            let r = try watcher.exec("SELECT query FROM pg_stat_activity WHERE application_name = '\(app)' AND state = 'active' AND wait_event_type = 'Lock'")
            if r.rows > 0, r.text(0, 0).hasPrefix("COPY measurement") { sawCopy = true; break }
            usleep(20_000)
        }
        #expect(sawCopy, "the ingest was not seen inside its COPY")
        // its run row exists, uncommitted, in the victim's transaction
        #expect(try holder.exec("SELECT count(*) FROM run").int64(0, 0) == 3)
        kill(victim.process.processIdentifier, SIGKILL)
        let end = victim.finish()
        #expect(end.status == SIGKILL)
        try holder.exec("ROLLBACK")
        // The server notices the dead client and aborts its transaction; wait for the backend to go.
        var gone = false
        for _ in 0..<1500 {
            if try watcher.exec("SELECT count(*) FROM pg_stat_activity WHERE application_name = '\(app)'").int64(0, 0) == 0 { gone = true; break }
            usleep(20_000)
        }
        #expect(gone)
        let after = try server.execute("SELECT string_agg(content_hash || ':' || measurement_count, ',' ORDER BY id) FROM run", on: url).text(0, 0)
        #expect(after == before)
        #expect(try server.execute("SELECT count(*) FROM measurement", on: url).int64(0, 0) == 6)
        // and the store takes the file afterwards, whole
        let retry = try sextant(["ingest", big, "--store", url])
        #expect(retry.status == 0 && retry.stdout.contains("1 run(s) added with 2000 measurement(s)"), "\(retry.stderr)")
        #expect(try PostgresStore(url: url, create: false).counts() == (4, 2006))
    }

    /// The bundled tokio history: SQLite -> PostgreSQL -> SQLite gives a byte-identical export, and
    /// a PostgreSQL store exports what an SQLite store of the same ingests exports.
    @Test func tokioHistoryCopiesBothWaysByteIdentical() throws {
        guard let server = try postgresServer() else { return }
        let dir = try Self.temporaryDirectory()
        let history = dir.appendingPathComponent("tokio.js").path
        let gz = packageRoot.appendingPathComponent("datasets/histories/gh-action-benchmark/tokio__ghpages_b99a2d4__data.js.gz").path
        let gunzip = Process()
        gunzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gunzip.arguments = ["-c", "gunzip -c '\(gz)' > '\(history)'"]
        try gunzip.run(); gunzip.waitUntilExit()
        #expect(gunzip.terminationStatus == 0)
        let original = dir.appendingPathComponent("original.sqlite").path, back = dir.appendingPathComponent("back.sqlite").path
        #expect(try sextant(["ingest", history, "--store", original]).status == 0)
        #expect(try sextant(["baseline", "set", "recent", "--window", "20", "--store", original]).status == 0)
        let triage = try sextant(["triage", "acknowledged", "--benchmark", "rt_*", "--commit", "af032dbf59195f5a637c14fd8805f45cce8c8563",
                                  "--reason", "known slowdown", "--store", original])
        #expect(triage.status == 0, "\(triage.stderr)")
        let url = try server.newDatabase(), direct = try server.newDatabase()
        let there = try sextant(["store", "copy", "--from", original, "--to", url])
        #expect(there.status == 0 && there.stdout.contains("1784 runs, 24 series, 10698 measurements, 1 baselines, 1 triage records"), "\(there.stdout) \(there.stderr)")
        let again = try sextant(["store", "copy", "--from", url, "--to", back])
        #expect(again.status == 0, "\(again.stderr)")
        for format in ["jsonl", "csv"] {
            let a = try sextant(["export", "--format", format, "--store", original])
            let b = try sextant(["export", "--format", format, "--store", url])
            let c = try sextant(["export", "--format", format, "--store", back])
            #expect(a.status == 0 && a.stdout.utf8.count > 1_000_000)
            #expect(a.stdout == b.stdout && a.stdout == c.stdout, "\(format) exports differ")
        }
        let triageBack = try sextant(["triage", "--list", "--format", "json", "--store", back])
        #expect(triageBack.status == 0 && triageBack.stdout.contains("known slowdown"), "\(triageBack.stdout) \(triageBack.stderr)")
        #expect(triageBack.stdout == (try sextant(["triage", "--list", "--format", "json", "--store", original])).stdout)
        // the same file ingested straight into PostgreSQL exports the same bytes too
        #expect(try sextant(["ingest", history, "--store", direct]).status == 0)
        #expect(try sextant(["export", "--format", "jsonl", "--store", direct]).stdout == sextant(["export", "--format", "jsonl", "--store", original]).stdout)
        // a copy into a store that holds runs is refused
        let refused = try sextant(["store", "copy", "--from", original, "--to", url])
        #expect(refused.status == 2 && refused.stderr.contains("already holds 1784 run(s); copy into an empty store"), "\(refused.stderr)")
    }
}
