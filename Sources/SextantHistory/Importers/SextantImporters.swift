import Foundation
import SextantText

extension ImportContext {
    /// Groups rows into runs by the `run` column (or, without it, by commit, branch, timestamp and
    /// machine), keeping first-appearance order, and checks that one run's rows agree on metadata.
    struct RunGrouper {
        var order: [String] = []
        var runs: [String: (metadata: RunMetadata, line: Int, measurements: [BenchmarkMeasurement])] = [:]

        private var lastKey: String? = nil
        private var lastMetadata: RunMetadata? = nil

        mutating func add(key: String, metadata: RunMetadata, line: Int, measurement: BenchmarkMeasurement, ctx: ImportContext) throws {
            if key == lastKey, metadata == lastMetadata {
                runs[key]!.measurements.append(measurement)
                return
            }
            lastKey = key
            lastMetadata = metadata
            if runs[key] == nil {
                order.append(key)
                runs[key] = (metadata, line, [measurement])
                return
            }
            let first = runs[key]!.metadata
            if first != metadata { throw ctx.fail(line, Self.disagreement(key, firstLine: runs[key]!.line)) }
            runs[key]!.measurements.append(measurement)
        }

        /// The one message for a run whose rows disagree on its metadata.
        static func disagreement(_ key: String, firstLine: Int) -> String {
            "run \(key) disagrees with its row at line \(firstLine) on commit, branch, timestamp, machine or toolchain"
        }

        var result: [ImportedRun] {
            order.map { ImportedRun(metadata: runs[$0]!.metadata, measurements: runs[$0]!.measurements) }
        }
    }

    /// Sextant's long CSV (as `sextant export --format csv` writes it): a header naming at least
    /// `benchmark` and `value`; optional `run`, `commit`, `branch`, `timestamp`, `machine`,
    /// `toolchain`, `metric` (default `value`), `unit`, `direction` (`lower`/`higher`), `iterations`.
    /// Text cells have one leading apostrophe removed (the export's formula neutralisation).
    /// Read by SextantText's ``DelimitedReader`` (RFC 4180, fields as bytes, values by ``DecimalText``);
    /// a row whose field count differs from the header's is an error naming its line.
    /// - Complexity: O(size of the data); text cells that repeat from the previous row (a run's
    ///   metadata, metric, unit, direction) are compared as bytes and decoded once per change.
    func sextantCSV(_ data: Data) throws -> [ImportedRun] {
        var grouper = RunGrouper()
        do {
            try data.withUnsafeBytes { raw in
                try sextantCSV(DelimitedReader(bytes: raw.bindMemory(to: UInt8.self), format: .csv)) { key, md, _, line, m in
                    try grouper.add(key: key, metadata: md, line: line, measurement: m, ctx: self)
                }
            }
        } catch let f as DelimitedError {
            throw fail(f.line, f.message)
        }
        return grouper.result
    }

    /// Sextant's long CSV streamed from `reader` into `sink`, run by run, holding one record at a
    /// time: the rows and errors of ``sextantCSV(_:)``, for files whose runs' rows lie together
    /// (a run key that comes back after another run throws ``RunsNotContiguous``; such a file is
    /// read whole). Returns the runs and measurements streamed.
    /// - Complexity: O(size of the data); memory O(runs) for their keys.
    func sextantCSV(streaming reader: DelimitedReader, into sink: any RunSink) throws -> (runs: Int, measurements: Int) {
        var current: String? = nil
        var currentMetadata = RunMetadata()
        var currentLine = 0
        var ended = Set<String>()
        var runs = 0, measurements = 0
        do {
            try sextantCSV(reader) { key, md, changed, line, m in
                if current == nil || (changed && (key != current || md != currentMetadata)) {
                    if key == current {
                        throw fail(line, RunGrouper.disagreement(key, firstLine: currentLine))
                    }
                    if ended.contains(key) { throw RunsNotContiguous() }
                    if let c = current {
                        try sink.endRun()
                        ended.insert(c)
                    }
                    current = key
                    currentMetadata = md
                    currentLine = line
                    runs += 1
                    try sink.beginRun(md)
                }
                try sink.add(m)
                measurements += 1
            }
        } catch let f as DelimitedError {
            throw fail(f.line, f.message)
        }
        if current != nil { try sink.endRun() }
        return (runs, measurements)
    }

    /// The bytes of a field, to tell whether the next row repeats it.
    private struct RepeatedCell {
        var bytes: [UInt8] = []
        var valid = false
        @inline(__always) mutating func isRepeated(_ reader: DelimitedReader, _ k: Int) -> Bool {
            if valid, reader.fieldEquals(k, bytes) { return true }
            bytes.removeAll(keepingCapacity: true)
            reader.withField(k) { bytes.append(contentsOf: $0) }
            valid = true
            return false
        }
    }

    /// The rows of a long CSV: each with its run key and metadata (`changed` when the run's cells
    /// differ from the previous row's), its line and its measurement.
    private func sextantCSV(_ reader: DelimitedReader,
                            _ row: (_ key: String, _ metadata: RunMetadata, _ changed: Bool, _ line: Int, _ m: BenchmarkMeasurement) throws -> Void) throws {
        guard try reader.next() else { throw fail(1, "no header row") }
        let width = reader.count
        var columns: [String: Int] = [:]
        for (k, f) in try reader.strings().enumerated() {
            let name = f.trimmingCharacters(in: .whitespaces).lowercased()
            if columns[name] != nil { throw fail(reader.recordLine, "duplicate column \"\(name)\"") }
            columns[name] = k
        }
        guard let benchmarkColumn = columns["benchmark"], let valueColumn = columns["value"] else {
            throw fail(reader.recordLine, "the header needs at least the columns benchmark and value")
        }
        let metaColumns = ["run", "commit", "branch", "timestamp", "machine", "toolchain"].map { columns[$0] }
        let metricColumn = columns["metric"], unitColumn = columns["unit"]
        let directionColumn = columns["direction"], iterationsColumn = columns["iterations"]
        var unitCache: [String: Units.Normalised] = [:]
        // Rows of one run repeat its metadata: parse it once per change of the raw cells.
        var metaCells = [RepeatedCell](repeating: RepeatedCell(), count: metaColumns.count)
        var lastKey = ""
        var lastMetadata = RunMetadata()
        var meta: [String] = Array(repeating: "", count: metaColumns.count)
        var metricCell = RepeatedCell(), unitCell = RepeatedCell(), directionCell = RepeatedCell()
        var metric = "value", norm = Units.normalise(""), direction: Direction? = nil
        while try reader.next() {
            let line = reader.recordLine
            guard reader.count == width else {
                throw fail(line, "ragged row: \(reader.count) fields where the header has \(width)")
            }
            var changed = false
            for (k, c) in metaColumns.enumerated() {
                guard let c else { continue }
                if !metaCells[k].isRepeated(reader, c) {
                    meta[k] = try reader.string(c)
                    changed = true
                }
            }
            if changed {
                func text(_ k: Int) -> String? { meta[k].isEmpty ? nil : CSVSafety.restore(meta[k]) }
                var md = RunMetadata(commit: text(1), branch: text(2), machine: text(4), toolchain: text(5))
                if let ts = text(3) {
                    guard let d = Timestamps.parse(ts) else { throw fail(line, Timestamps.invalid(ts)) }
                    md.timestamp = d
                }
                try checkMetadata(md, line: line)
                lastKey = text(0) ?? "\(md.commit ?? "")\u{1}\(md.branch ?? "")\u{1}\(md.timestamp?.timeIntervalSince1970 ?? 0)\u{1}\(md.machine ?? "")"
                lastMetadata = md
            }
            let benchmark = CSVSafety.restore(try reader.string(benchmarkColumn))
            guard !benchmark.isEmpty else { throw fail(line, "empty benchmark name") }
            try checkField(benchmark, "benchmark name", line: line, name: true)
            guard let value = reader.double(valueColumn) else {
                throw fail(line, "value \"\(reader.lossyString(valueColumn).prefix(40))\" is not a number")
            }
            if let mc = metricColumn, !metricCell.isRepeated(reader, mc) {
                let m = CSVSafety.restore(try reader.string(mc))
                metric = m.isEmpty ? "value" : m
                try checkField(metric, "metric", line: line)
            }
            if let uc = unitColumn, !unitCell.isRepeated(reader, uc) {
                let rawUnit = CSVSafety.restore(try reader.string(uc))
                if let n = unitCache[rawUnit] { norm = n } else {
                    try checkField(rawUnit, "unit", line: line)
                    norm = Units.normalise(rawUnit); unitCache[rawUnit] = norm
                }
            }
            // A zero measurement is stored as +0 (see ImportContext.measurement).
            let v = value * norm.factor + 0.0
            if let problem = Units.problem(value: v, kind: norm.kind) { throw fail(line, "benchmark \"\(benchmark)\" \(metric): \(problem)") }
            if let dc = directionColumn, !directionCell.isRepeated(reader, dc) {
                if reader.isEmpty(dc) {
                    direction = nil
                } else {
                    let raw = try reader.string(dc)
                    guard let dd = Direction(rawValue: CSVSafety.restore(raw)) else {
                        directionCell.valid = false
                        throw fail(line, "direction must be lower or higher, not \"\(raw)\"")
                    }
                    direction = dd
                }
            }
            var iterations: Int? = nil
            if let ic = iterationsColumn, !reader.isEmpty(ic) {
                let raw = try reader.string(ic)
                guard let n = Int(raw), n >= 0 else { throw fail(line, "iterations \"\(raw)\" is not a non-negative integer") }
                iterations = n
            }
            try row(lastKey, lastMetadata, changed, line,
                    BenchmarkMeasurement(benchmark: benchmark, metric: metric, unit: norm.unit,
                                         direction: direction ?? Units.direction(of: norm.kind),
                                         value: v, iterations: iterations))
        }
    }

    /// The JSON Lines framing shared by Sextant's JSONL and cargo-criterion's messages: calls `body`
    /// with each non-blank line (blank: only spaces, tabs and CR) parsed as a JSON object, and its
    /// 1-based line number; a line that is not an object is refused with its line.
    ///
    /// - Complexity: O(n) in the file's bytes.
    func forEachJSONLineObject(_ data: Data, _ body: (_ lineNumber: Int, _ object: JSONValue) throws -> Void) throws {
        var lineNumber = 0
        var start = data.startIndex
        while start < data.endIndex {
            lineNumber += 1
            let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
            let slice = data[start..<end]
            start = end < data.endIndex ? end + 1 : end
            if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            // A byte-order mark starts a file, never a later line (two files concatenated).
            if lineNumber > 1, slice.starts(with: [0xEF, 0xBB, 0xBF]) { throw fail(lineNumber, "byte-order mark at the start of a line inside the file") }
            let obj = try JSONParser.parse(Data(slice), file: file, firstLine: lineNumber)
            guard obj.objectMembers != nil else { throw fail(lineNumber, "each line must be a JSON object, not \(obj.typeName)") }
            try body(lineNumber, obj)
        }
    }

    /// Sextant's JSON Lines: one object per line with the CSV's fields plus `samples` (an array of
    /// numbers in the measurement's unit). Blank lines are skipped.
    func sextantJSONL(_ data: Data) throws -> [ImportedRun] {
        var grouper = RunGrouper()
        try forEachJSONLineObject(data) { lineNumber, obj in
            let benchmark = try string(obj, "benchmark")
            let value = try number(obj, "value")
            let metric = try optionalString(obj, "metric") ?? "value"
            let unit = try optionalString(obj, "unit") ?? ""
            var direction: Direction? = nil
            if let d = try optionalString(obj, "direction") {
                guard let dd = Direction(rawValue: d) else { throw fail(lineNumber, "direction must be lower or higher, not \"\(d)\"") }
                direction = dd
            }
            let m = try measurement(line: lineNumber, benchmark: benchmark, metric: metric, value: value, unit: unit,
                                    samples: try numbers(obj, "samples"), iterations: try optionalInt(obj, "iterations"),
                                    direction: direction)
            let md = RunMetadata(commit: try optionalString(obj, "commit"), branch: try optionalString(obj, "branch"),
                                 timestamp: try timestamp(obj, "timestamp"), machine: try optionalString(obj, "machine"),
                                 toolchain: try optionalString(obj, "toolchain"))
            try checkMetadata(md, line: lineNumber)
            let runKey: String
            if let r = obj["run"], !r.isNull {
                if let n = r.numberValue { runKey = "\(n)" } else if let s = r.stringValue { runKey = s } else {
                    throw fail(lineNumber, "\"run\" must be a number or string, not \(r.typeName)")
                }
            } else {
                runKey = "\(md.commit ?? "")\u{1}\(md.branch ?? "")\u{1}\(md.timestamp?.timeIntervalSince1970 ?? 0)\u{1}\(md.machine ?? "")"
            }
            try grouper.add(key: runKey, metadata: md, line: lineNumber, measurement: m, ctx: self)
        }
        return grouper.result
    }
}
