import Foundation
import Testing

/// Issue 12's reproducers through the built `sextant`: each bad file exits 2 with one line naming
/// the file (and line where known), and the store keeps exactly what it held before.
/// Run against an older build with `SEXTANT_PRODUCTS_DIR=<its .build/debug>` to see them fail there.
@Suite struct ReliabilityCLITests {
    /// A store holding one good run, and the text of its export.
    func storeWithOneRun(_ dir: URL) throws -> (store: String, export: String) {
        let store = dir.appendingPathComponent("s.sqlite").path
        let good = dir.appendingPathComponent("good.csv")
        try "benchmark,value,unit,timestamp,commit\nlens.get,1.5,ms,2024-06-01T12:00:00Z,c0\n".write(to: good, atomically: true, encoding: .utf8)
        let r = try runTool("sextant", ["ingest", "--store", store, good.path])
        #expect(r.status == 0, "\(r.stderr)")
        let e = try runTool("sextant", ["export", "--store", store, "--format", "csv"])
        #expect(e.status == 0, "\(e.stderr)")
        return (store, e.stdout)
    }

    /// Ingests `content` as `name`; expects exit 2 with a message holding `fragment`, and the store unchanged.
    func refused(_ content: Data, name: String, extra: [String] = [], _ fragment: String,
                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (store, before) = try storeWithOneRun(dir)
        let file = dir.appendingPathComponent(name)
        try content.write(to: file)
        let r = try runTool("sextant", ["ingest", "--store", store] + extra + [file.path])
        #expect(r.status == 2, "exit \(r.status) for \(name): \(r.stdout) \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains(fragment), "\(name): \(r.stderr)", sourceLocation: sourceLocation)
        if extra.isEmpty { #expect(r.stderr.contains(name), "the message names the file: \(r.stderr)", sourceLocation: sourceLocation) }
        let after = try runTool("sextant", ["export", "--store", store, "--format", "csv"])
        #expect(after.status == 0 && after.stdout == before, "store changed or unreadable: \(after.stderr)", sourceLocation: sourceLocation)
        for command in [["runs"], ["series"], ["dashboard", "--output", dir.appendingPathComponent("d.html").path]] {
            let q = try runTool("sextant", command + ["--store", store])
            #expect(q.status == 0, "\(command[0]) after \(name): \(q.stderr.prefix(300))", sourceLocation: sourceLocation)
        }
    }

    func text(_ s: String) -> Data { Data(s.utf8) }

    /// Defect 1: a timestamp far out of range, through every entry point.
    @Test func timestampsOutOfRangeAreRefusedEverywhere() throws {
        try refused(text("benchmark,value,timestamp\nb,1,1e300\n"), name: "t.csv", "t.csv:2: timestamp")
        try refused(text(#"{"benchmark":"b","value":1,"timestamp":1e300}"# + "\n"), name: "t.jsonl", "t.jsonl:1:")
        try refused(text(#"[{"testName":"b","iterations":1,"totalTimeMs":1,"avgTimeMs":1,"timestamp":1e300}]"#), name: "lean.json", "timestamp")
        for date in ["1e300", "-1605314959564", "1e19", "2e15"] {
            try refused(text("""
                window.BENCHMARK_DATA = {"entries": {"s": [{"commit": {"id": "a"}, "date": \(date), "benches": [{"name": "b", "value": 1, "unit": "ns/iter"}]}]}}
                """), name: "data.js", "\"date\"")
        }
        let ok = text("benchmark,value\nb,1\n")
        try refused(ok, name: "ok.csv", extra: ["--timestamp=1e300"], "--timestamp")
        // Defect 10: a negative epoch is the option's value, then refused as out of range.
        try refused(ok, name: "ok.csv", extra: ["--timestamp", "-99999999999999"], "between 1970-01-01 and 9999-12-31")
    }

    /// Defect 2: histogram magnitudes at or above 2^63 trapped; defect 10: a count of 1.5 was "negative".
    @Test func histogramLayoutIsChecked() throws {
        func results(_ hist: String) -> Data {
            text(#"{"results": [{"target": "T", "name": "b"}, [{"metric": {"wallClock": {}}, "statistics": {"prefersLarger": false, "histogram": "# + hist + "}}]], \"machine\": {\"hostname\": \"h\"}}")
        }
        try refused(results(#"{"counts": [0, 3], "subBucketHalfCountMagnitude": 1, "unitMagnitude": 9223372036854775808}"#), name: "h1.json", "invalid histogram layout")
        try refused(results(#"{"counts": [0, 3], "subBucketHalfCountMagnitude": 1e19, "unitMagnitude": 0}"#), name: "h2.json", "invalid histogram layout")
        try refused(results(#"{"counts": [0, 1.5], "subBucketHalfCountMagnitude": 1, "unitMagnitude": 0}"#), name: "h3.json", "not a whole number")
    }

    /// Defect 3: a name beyond the limit is a clear error (a 1 GiB name crashed SQLite's binding).
    @Test func oversizedNamesAreRefused() throws {
        try refused(text("benchmark,value\n" + String(repeating: "n", count: 5000) + ",1\n"), name: "long.csv", "more than the limit of 4096")
        try refused(text(#"{"benchmark":"b","value":1,"commit":""# + String(repeating: "c", count: 2000) + "\"}\n"), name: "long.jsonl", "commit is 2000 bytes")
    }

    /// Defect 4: a NUL cut names and commits silently; defect 7's U+FFFE is refused at the door too.
    @Test func nulAndNonCharactersAreRefused() throws {
        try refused(text(#"{"benchmark":"bench\u0000evil","commit":"abc","value":1}"# + "\n"), name: "nul.jsonl", "NUL")
        try refused(text(#"{"benchmark":"bench","commit":"abc\u0000def","value":1}"# + "\n"), name: "nul2.jsonl", "NUL")
        try refused(text(#"{"benchmark":"\u0000","value":1}"# + "\n"), name: "nul3.jsonl", "NUL")
        try refused(text(#"{"benchmark":"a\uFFFEb","value":1}"# + "\n"), name: "nonchar.jsonl", "non-character U+FFFE")
    }

    /// Defect 9: lenient JSON in data files.
    @Test func lenientJSONIsRefused() throws {
        try refused(text(#"{"benchmark":"b","value":01}"# + "\n"), name: "zero.jsonl", "leading zero")
        try refused(text(#"{"benchmark":"b","value":00.5}"# + "\n"), name: "zero2.jsonl", "leading zero")
        try refused(text(#"{"benchmark":"b","value":1.}"# + "\n"), name: "dot.jsonl", "digit must follow '.'")
        try refused(text(#"{"benchmark":"b","value":1.e2}"# + "\n"), name: "dot2.jsonl", "digit must follow '.'")
        try refused(text(#"{"benchmark":"b","value":1e-400}"# + "\n"), name: "under.jsonl", "underflows")
        try refused(text("\u{FEFF}\u{FEFF}" + #"[{"testName":"b","iterations":1,"totalTimeMs":1,"avgTimeMs":1}]"#), name: "bom.json", "second byte-order mark")
    }

    /// Defect 9: `-0.0` as a time is stored as +0: the value (SQLite itself folds a whole REAL to 0)
    /// and the raw samples (kept bit for bit in a blob, so `-0.0` came back out of `export`).
    @Test func negativeZeroIsStoredAsZero() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.sqlite").path
        let file = dir.appendingPathComponent("z.jsonl")
        try text(#"{"benchmark":"b","value":-0.0,"samples":[-0.0,-0e0,1],"unit":"s","timestamp":"2024-01-01T00:00:00Z"}"# + "\n").write(to: file)
        #expect(try runTool("sextant", ["ingest", "--store", store, file.path]).status == 0)
        let e = try runTool("sextant", ["export", "--store", store, "--format", "jsonl"])
        #expect(e.stdout.contains(#""value":0.0,"#), "\(e.stdout)")
        #expect(e.stdout.contains(#""samples":[0.0,0.0,1.0]"#), "\(e.stdout)")
        #expect(!e.stdout.contains("-0.0"))
    }

    /// Defect 10: `ingest /dev/null` said "You don't have permission".
    @Test func devNullIsAnEmptyFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try runTool("sextant", ["ingest", "--store", dir.appendingPathComponent("s.sqlite").path, "/dev/null"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("/dev/null: empty file"), "\(r.stderr)")
    }

    /// Defect 10: `--store` on an unrelated SQLite database added Sextant's tables to it.
    @Test func foreignDatabaseIsRefusedAndLeftUnchanged() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let foreign = dir.appendingPathComponent("foreign.sqlite")
        _ = try storeWithOneRun(dir)
        // An unrelated application's database, made with Python's sqlite3 module.
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        make.arguments = ["python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('CREATE TABLE invoices(id INTEGER, total REAL)'); c.execute('INSERT INTO invoices VALUES (1, 9.5)'); c.commit(); c.close()", foreign.path]
        try make.run()
        make.waitUntilExit()
        try #require(make.terminationStatus == 0)
        let before = try Data(contentsOf: foreign)
        for command in [["runs"], ["export"], ["series"]] {
            let r = try runTool("sextant", command + ["--store", foreign.path])
            #expect(r.status == 2, "\(command[0]): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("not a Sextant history store"), "\(r.stderr)")
        }
        let good = dir.appendingPathComponent("good.csv")
        let r = try runTool("sextant", ["ingest", "--store", foreign.path, good.path])
        #expect(r.status == 2)
        #expect(try Data(contentsOf: foreign) == before, "the foreign database was modified")
        #expect(!FileManager.default.fileExists(atPath: foreign.path + "-wal"))
    }

    /// Defect 10: table output passed ESC sequences from names to the terminal.
    @Test func tableOutputHasNoControlSequences() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.sqlite").path
        let file = dir.appendingPathComponent("esc.jsonl")
        var lines = ""
        for k in 0..<6 {
            lines += #"{"benchmark":"evil\u001b[31mred\u001b]0;title\u0007","commit":"c\#(k)\u001b[2J","value":\#(k < 3 ? 1.0 : 2.0),"unit":"s","timestamp":"2024-01-0\#(k + 1)T00:00:00Z","run":"r\#(k)"}"# + "\n"
        }
        try text(lines).write(to: file)
        let ingest = try runTool("sextant", ["ingest", "--store", store, file.path])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        for command in [["runs"], ["series"], ["analyze"], ["changepoints", "--benchmark", "*"]] {
            let r = try runTool("sextant", command + ["--store", store])
            #expect(r.status == 0, "\(command[0]): \(r.stderr)")
            #expect(!r.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(command[0]) printed a control character: \(r.stdout.debugDescription)")
        }
    }
}

/// A refused first file leaves no store behind when the ingest created it (a bad CSV into a new path
/// left an empty 57 KB store and its folder: the long CSV is streamed into the store's transaction).
@Suite struct RefusedIngestLeavesNoNewStoreTests {
    @Test func badFileIntoANewStoreLeavesNoFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let long = "benchmark,metric,unit,value,commit,branch,timestamp,run\n"
            + "a,time,ms,1,c1,main,2024-01-01T00:00:00Z,r1\nb,time,ms,xyz,c1,main,2024-01-01T00:00:00Z,r1\n"
        let plain = "benchmark,value\nb,1\nc,abc\n"
        for (k, content) in [long, plain].enumerated() {
            let file = dir.appendingPathComponent("bad\(k).csv")
            try content.write(to: file, atomically: true, encoding: .utf8)
            let folder = dir.appendingPathComponent("new\(k)")
            let store = folder.appendingPathComponent("s.sqlite").path
            let r = try runTool("sextant", ["ingest", "--store", store, file.path])
            #expect(r.status == 2, "\(r.stderr)")
            #expect(r.stderr.contains("bad\(k).csv:3"), "\(r.stderr)")
            for leftover in [store, store + "-wal", store + "-shm", folder.path] {
                #expect(!FileManager.default.fileExists(atPath: leftover), "\(leftover) left behind")
            }
        }
    }

    @Test func aStoreThatExistedIsKeptWhenTheFileIsRefused() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.sqlite").path
        let good = dir.appendingPathComponent("good.csv"), bad = dir.appendingPathComponent("bad.csv")
        try "benchmark,value,unit,timestamp,commit\nlens.get,1.5,ms,2024-06-01T12:00:00Z,c0\n".write(to: good, atomically: true, encoding: .utf8)
        try "benchmark,metric,unit,value,commit,branch,timestamp,run\nb,time,ms,xyz,c1,main,2024-01-01T00:00:00Z,r1\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        #expect(try runTool("sextant", ["ingest", "--store", store, good.path]).status == 0)
        let r = try runTool("sextant", ["ingest", "--store", store, bad.path])
        #expect(r.status == 2, "\(r.stderr)")
        let runs = try runTool("sextant", ["runs", "--store", store, "--format", "json"])
        #expect(runs.status == 0 && runs.stdout.contains("c0"), "\(runs.stderr)")
    }
}
