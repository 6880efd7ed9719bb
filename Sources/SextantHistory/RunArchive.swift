import Foundation
import GRDB

/// One stored run as a self-contained text file: the unit the history branch (`sextant sync`) holds.
///
/// A run file is JSON Lines (UTF-8, `\n` line ends). Line 1 is the run header:
/// `{"sextant":"run","version":1,"contentHash":H,"commit":..,"branch":..,"timestamp":SECONDS,
/// "time":ISO,"machine":..,"toolchain":..,"source":..,"format":F}`; every further line is one
/// measurement `{"benchmark":..,"metric":..,"unit":..,"direction":..,"value":V,"iterations":..,
/// "samples":[..]|null}`. Numbers are written in Swift's shortest round-trip form, so reading a file
/// gives back the stored doubles bit for bit (`timestamp` is seconds since 1970 for the same reason;
/// `time` is for people and is not read back).
///
/// The content hash is the run's identity: the store's SHA-256 of the run as first ingested. It is
/// carried, not recomputed, because the store does not keep the order in which a file listed its
/// measurements (the hash covers that order); a run pulled from the branch therefore keeps the
/// hash it had, and ingesting its original result file again is still a no-op.
public struct ArchivedRun: Sendable, Hashable {
    /// The store's content hash of the run (64 lowercase hex digits).
    public var contentHash: String
    /// Metadata (the timestamp is always set) and measurements.
    public var run: ImportedRun
    /// The file the run was first ingested from.
    public var source: String?
    /// The importer's format name.
    public var format: String

    public init(contentHash: String, run: ImportedRun, source: String?, format: String) {
        self.contentHash = contentHash
        self.run = run
        self.source = source
        self.format = format
    }
}

/// Reading and writing run files (see `ArchivedRun`).
public enum RunArchive {
    /// The file format's version, written in every header.
    public static let version = 1

    /// The path of a run's file inside the history branch: `runs/<first two hex digits>/<hash>.jsonl`
    /// (256 folders keep every tree small).
    public static func path(forHash hash: String) -> String {
        "runs/\(hash.prefix(2))/\(hash).jsonl"
    }

    /// The content hash named by a run file's path, or nil when the path is not a run file's.
    public static func hash(fromPath path: String) -> String? {
        let parts = path.split(separator: "/")
        guard parts.count == 3, parts[0] == "runs", parts[2].hasSuffix(".jsonl") else { return nil }
        let hash = String(parts[2].dropLast(".jsonl".count))
        guard isHash(hash), parts[1] == hash.prefix(2) else { return nil }
        return hash
    }

    /// Whether `s` is 64 lowercase hexadecimal digits.
    public static func isHash(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The file's text.
    /// - Complexity: O(m + s) for m measurements with s samples in all.
    public static func encode(_ archived: ArchivedRun) -> String {
        let md = archived.run.metadata
        let ts = md.timestamp ?? Date(timeIntervalSince1970: 0)
        var out = "{\"sextant\":\"run\",\"version\":\(version),\"schemaVersion\":1,\"contentHash\":\(jsonString(archived.contentHash))"
        out += ",\"commit\":\(jsonString(md.commit)),\"branch\":\(jsonString(md.branch))"
        out += ",\"timestamp\":\(number(ts.timeIntervalSince1970)),\"time\":\(jsonString(Timestamps.format(ts)))"
        out += ",\"machine\":\(jsonString(md.machine)),\"toolchain\":\(jsonString(md.toolchain))"
        out += ",\"source\":\(jsonString(archived.source)),\"format\":\(jsonString(archived.format))}\n"
        for m in archived.run.measurements {
            out += "{\"benchmark\":\(jsonString(m.benchmark)),\"metric\":\(jsonString(m.metric)),\"unit\":\(jsonString(m.unit))"
            out += ",\"direction\":\(jsonString(m.direction.rawValue)),\"value\":\(number(m.value))"
            out += ",\"iterations\":\(m.iterations.map(String.init) ?? "null"),\"samples\":"
            if let s = m.samples { out += "[" + s.map(number).joined(separator: ",") + "]" } else { out += "null" }
            out += "}\n"
        }
        return out
    }

    /// Parses a run file; `file` names it in errors (`file:line: problem`).
    /// - Throws: `HistoryError.invalidInput` for anything that is not a version-1 run file.
    public static func decode(_ data: Data, file: String) throws -> ArchivedRun {
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first else { throw HistoryError.invalidInput(file: file, line: 1, message: "empty run file") }
        func fail(_ line: Int, _ message: String) -> HistoryError { .invalidInput(file: file, line: line, message: message) }
        func text(_ v: JSONValue, _ key: String, line: Int, optional: Bool = true) throws -> String? {
            guard let x = v[key] else { throw fail(line, "missing \"\(key)\"") }
            if x.isNull, optional { return nil }
            guard let s = x.stringValue else { throw fail(line, "\"\(key)\" must be a string\(optional ? " or null" : ""), not \(x.typeName)") }
            return s
        }
        func num(_ v: JSONValue, _ key: String, line: Int) throws -> Double {
            guard let d = v[key]?.numberValue, d.isFinite else { throw fail(line, "\"\(key)\" must be a finite number") }
            return d
        }
        let header = try JSONParser.parse(Data(first), file: file, firstLine: 1)
        guard header.objectMembers != nil, header["sextant"]?.stringValue == "run" else {
            throw fail(1, "not a Sextant run file (line 1 must be its header {\"sextant\":\"run\",...})")
        }
        guard header["version"]?.numberValue == Double(version) else {
            throw fail(1, "run file version \(header["version"].map { "\($0)" } ?? "missing"); this sextant reads version \(version)")
        }
        guard let hash = try text(header, "contentHash", line: 1, optional: false), isHash(hash) else {
            throw fail(1, "\"contentHash\" must be 64 lowercase hex digits")
        }
        var md = RunMetadata()
        md.commit = try text(header, "commit", line: 1)
        md.branch = try text(header, "branch", line: 1)
        md.machine = try text(header, "machine", line: 1)
        md.toolchain = try text(header, "toolchain", line: 1)
        md.timestamp = Date(timeIntervalSince1970: try num(header, "timestamp", line: 1))
        let source = try text(header, "source", line: 1)
        guard let format = try text(header, "format", line: 1, optional: false) else { throw fail(1, "missing \"format\"") }
        var measurements: [BenchmarkMeasurement] = []
        measurements.reserveCapacity(lines.count - 1)
        for (k, raw) in lines.dropFirst().enumerated() {
            let line = k + 2
            let v = try JSONParser.parse(Data(raw), file: file, firstLine: line)
            guard v.objectMembers != nil else { throw fail(line, "a measurement must be an object, not \(v.typeName)") }
            guard let benchmark = try text(v, "benchmark", line: line, optional: false),
                  let metric = try text(v, "metric", line: line, optional: false),
                  let unit = try text(v, "unit", line: line, optional: false),
                  let dir = try text(v, "direction", line: line, optional: false) else { throw fail(line, "missing field") }
            guard let direction = Direction(rawValue: dir) else { throw fail(line, "unknown direction \(dir)") }
            let value = try num(v, "value", line: line)
            var iterations: Int? = nil
            if let it = v["iterations"], !it.isNull {
                guard let d = it.numberValue, d >= 0, d <= 9.0e15, d == d.rounded() else {
                    throw fail(line, "\"iterations\" must be a whole number")
                }
                iterations = Int(d)
            }
            var samples: [Double]? = nil
            if let s = v["samples"], !s.isNull {
                guard let a = s.arrayValue else { throw fail(line, "\"samples\" must be an array or null") }
                samples = try a.map { x in
                    guard let d = x.numberValue, d.isFinite else { throw fail(line, "\"samples\" must hold finite numbers") }
                    return d
                }
            }
            measurements.append(BenchmarkMeasurement(benchmark: benchmark, metric: metric, unit: unit, direction: direction,
                                                     value: value, samples: samples, iterations: iterations))
        }
        return ArchivedRun(contentHash: hash, run: ImportedRun(metadata: md, measurements: measurements),
                           source: source, format: format)
    }

    /// Shortest round-trip decimal text of a finite double (JSON has no NaN or infinity; the store
    /// holds none).
    static func number(_ x: Double) -> String { x.isFinite ? x.description : "null" }
}

extension HistoryStore {
    /// The content hash of every stored run.
    /// - Complexity: O(r) for r runs.
    public func contentHashes() throws -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT content_hash FROM run")) }
    }

    /// The stored run with content hash `hash` as a run file's content, or nil when not stored.
    /// - Complexity: O(m log M) for its m measurements in a store of M.
    public func archivedRun(hash: String) throws -> ArchivedRun? {
        guard let row = try read({ db in try Row.fetchOne(db, sql: "SELECT * FROM run WHERE content_hash = ?", arguments: [hash]) }) else {
            return nil
        }
        let r = try HistoryStore.run(from: row)
        let md = RunMetadata(commit: r.commit, branch: r.branch, timestamp: r.timestamp, machine: r.machine, toolchain: r.toolchain)
        return ArchivedRun(contentHash: r.contentHash, run: ImportedRun(metadata: md, measurements: try measurements(run: r.id)),
                           source: r.source, format: r.format)
    }

    /// Stores runs read from run files under their carried content hashes, in one transaction; runs
    /// whose hash is already stored are skipped (so pulling twice adds nothing).
    /// - Complexity: O(m log M) for m new measurements in a store of M.
    public func ingest(archived: [ArchivedRun]) throws -> IngestResult {
        var total = IngestResult(added: [], skipped: 0, measurements: 0)
        do {
            try HistoryStore.withRetry {
                try pool.writeWithoutTransaction { db in
                    try db.inTransaction(.immediate) {
                        total = IngestResult(added: [], skipped: 0, measurements: 0)
                        for a in archived {
                            let ts = a.run.metadata.timestamp ?? Date(timeIntervalSince1970: 0)
                            let r = try self.insert([(a.run, a.contentHash, ts)], source: a.source, format: a.format, db: db)
                            total.added += r.added
                            total.skipped += r.skipped
                            total.measurements += r.measurements
                        }
                        return .commit
                    }
                }
            }
        } catch let e as DatabaseError {
            throw HistoryError.store(message: "\(path): \(e.message ?? "\(e)")")
        }
        return total
    }
}
