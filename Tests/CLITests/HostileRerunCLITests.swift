import Foundation
import Testing

/// Failures found by the hostile rerun of issue 12 (`scripts/hostile/hostile.py`, session 5),
/// each test built from the input that showed it, through the built `sextant`.
@Suite struct HostileRerunCLITests {
    let reliability = ReliabilityCLITests()

    func text(_ s: String) -> Data { Data(s.utf8) }

    /// data.js `date` 253402300800000 ms is 10000-01-01T00:00:00Z: it was stored (the range's upper
    /// end, written as `...799.999999`, rounded to 253402300800 itself) and exported as year 10000.
    @Test func firstInstantOfYear10000IsRefused() throws {
        try reliability.refused(text("""
            window.BENCHMARK_DATA = {"entries": {"s": [{"commit": {"id": "a"}, "date": 253402300800000, "benches": [{"name": "b", "value": 1, "unit": "ns/iter"}]}]}}
            """), name: "data.js", "\"date\"")
        try reliability.refused(text("benchmark,value,timestamp\nb,1,253402300800000\n"), name: "t.csv", "t.csv:2: timestamp")
    }

    /// 2024-02-30 was carried into March by `timegm` and stored as 2024-03-01.
    @Test func impossibleDatesAreRefused() throws {
        try reliability.refused(text("benchmark,value,timestamp\nb,1,2024-02-30T00:00:00Z\n"), name: "t.csv", "t.csv:2: timestamp")
        try reliability.refused(text(#"{"benchmark":"b","value":1,"timestamp":"2023-02-29T00:00:00Z"}"# + "\n"), name: "t.jsonl", "t.jsonl:1:")
        try reliability.refused(text("benchmark,value,timestamp\nb,1,2024-04-31\n"), name: "t.csv", "t.csv:2: timestamp")
    }

    /// `1e-400` in CSV became 0, as a value and as a timestamp (1970-01-01), without a word.
    @Test func csvNumbersThatUnderflowAreRefused() throws {
        try reliability.refused(text("benchmark,value\nb,1e-400\n"), name: "v.csv", "v.csv:2: value")
        try reliability.refused(text("benchmark,value,timestamp\nb,1,1e-400\n"), name: "t.csv", "t.csv:2: timestamp")
    }

    /// A NUL or non-character in a JSONL commit, branch, machine or toolchain was refused without the line.
    @Test func jsonlMetadataErrorsGiveTheLine() throws {
        let good = #"{"benchmark":"a","value":1}"# + "\n"
        for field in ["commit", "branch", "machine", "toolchain"] {
            try reliability.refused(text(good + #"{"benchmark":"b","value":1,"\#(field)":"abc\u0000def"}"# + "\n"), name: "m.jsonl", "m.jsonl:2: \(field) contains a NUL")
            try reliability.refused(text(good + #"{"benchmark":"b","value":1,"\#(field)":"\#(String(repeating: "c", count: 1025))"}"# + "\n"), name: "m.jsonl", "m.jsonl:2: \(field) is 1025 bytes")
        }
    }

    /// A raw NUL byte was "binary file (NUL byte at offset N)" without the line.
    @Test func rawNulGivesTheLine() throws {
        try reliability.refused(Data("benchmark,value,commit\nb,1,c\nbench".utf8) + Data([0]) + Data("evil,1,c\n".utf8), name: "nul.csv", "nul.csv:3: binary file")
    }

    /// Error messages quoted a bad value, a file name or a glob with its escape sequences intact.
    @Test func errorMessagesCarryNoControlSequences() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.sqlite").path
        let bad = dir.appendingPathComponent("e.csv")
        try text("benchmark,value\nb,x\u{1B}]0;pwn\u{07}\n").write(to: bad)
        let evilName = dir.appendingPathComponent("evil\u{1B}[2J.csv")
        try text("benchmark,value\nb,1\n").write(to: evilName)
        let runs: [(String, [String])] = [
            ("bad value", ["ingest", "--store", store, bad.path]),
            ("file name in the summary", ["ingest", "--store", store, evilName.path]),
            ("glob", ["changepoints", "--store", store, "--benchmark", "\u{1B}]0;x\u{07}"]),
            ("missing file", ["gate", dir.appendingPathComponent("nope\u{1B}[2J.json").path, "--store", store]),
        ]
        for (what, arguments) in runs {
            let r = try runTool("sextant", arguments)
            #expect(r.status == 0 || r.status == 2, "\(what): \(r.status)")
            let out = r.stdout + r.stderr
            #expect(!out.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(what): \(out.debugDescription)")
        }
    }
}

extension HostileRerunCLITests {
    /// A byte-order mark at the start of a later JSONL line (two files concatenated) was skipped.
    @Test func byteOrderMarkInsideJSONLIsRefused() throws {
        try reliability.refused(text("\u{FEFF}" + #"{"benchmark":"a","value":1}"# + "\n\u{FEFF}" + #"{"benchmark":"b","value":1}"# + "\n"),
                                name: "bom.jsonl", "bom.jsonl:2: byte-order mark")
    }
}
