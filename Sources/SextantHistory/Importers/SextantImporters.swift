import Foundation

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
            if first != metadata {
                throw ctx.fail(line, "run \(key) disagrees with its row at line \(runs[key]!.line) on commit, branch, timestamp, machine or toolchain")
            }
            runs[key]!.measurements.append(measurement)
        }

        var result: [ImportedRun] {
            order.map { ImportedRun(metadata: runs[$0]!.metadata, measurements: runs[$0]!.measurements) }
        }
    }

    /// Sextant's long CSV (as `sextant export --format csv` writes it): a header naming at least
    /// `benchmark` and `value`; optional `run`, `commit`, `branch`, `timestamp`, `machine`,
    /// `toolchain`, `metric` (default `value`), `unit`, `direction` (`lower`/`higher`), `iterations`.
    /// Text cells have one leading apostrophe removed (the export's formula neutralisation).
    func sextantCSV(_ data: Data) throws -> [ImportedRun] {
        do {
            return try data.withUnsafeBytes { raw in try sextantCSV(CSVReader(raw.bindMemory(to: UInt8.self))) }
        } catch let f as CSVReader.Failure {
            throw fail(f.line, f.message)
        }
    }

    private func sextantCSV(_ reader: CSVReader) throws -> [ImportedRun] {
        var reader = reader
        guard try reader.next() else { throw fail(1, "no header row") }
        var columns: [String: Int] = [:]
        for (k, f) in reader.fields.enumerated() {
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
        var grouper = RunGrouper()
        var unitCache: [String: Units.Normalised] = [:]
        // Rows of one run repeat its metadata: parse it once per change of the raw cells.
        var lastMeta: [String] = []
        var lastKey = ""
        var lastMetadata = RunMetadata()
        var meta: [String] = Array(repeating: "", count: metaColumns.count)
        while try reader.next() {
            let fields = reader.fields
            let line = reader.recordLine
            for (k, c) in metaColumns.enumerated() { meta[k] = c.map { fields[$0] } ?? "" }
            if meta != lastMeta {
                func text(_ k: Int) -> String? { meta[k].isEmpty ? nil : CSVSafety.restore(meta[k]) }
                var md = RunMetadata(commit: text(1), branch: text(2), machine: text(4), toolchain: text(5))
                if let ts = text(3) {
                    guard let d = Timestamps.parse(ts) else { throw fail(line, Timestamps.invalid(ts)) }
                    md.timestamp = d
                }
                try checkMetadata(md, line: line)
                lastKey = text(0) ?? "\(md.commit ?? "")\u{1}\(md.branch ?? "")\u{1}\(md.timestamp?.timeIntervalSince1970 ?? 0)\u{1}\(md.machine ?? "")"
                lastMetadata = md
                lastMeta = meta
            }
            let benchmark = CSVSafety.restore(fields[benchmarkColumn])
            guard !benchmark.isEmpty else { throw fail(line, "empty benchmark name") }
            try checkField(benchmark, "benchmark name", line: line, name: true)
            let rawValue = fields[valueColumn]
            guard let value = Double(rawValue) else { throw fail(line, "value \"\(rawValue.prefix(40))\" is not a number") }
            let metric = metricColumn.map { CSVSafety.restore(fields[$0]) }.flatMap { $0.isEmpty ? nil : $0 } ?? "value"
            let rawUnit = unitColumn.map { CSVSafety.restore(fields[$0]) } ?? ""
            let norm: Units.Normalised
            if let n = unitCache[rawUnit] { norm = n } else {
                try checkField(rawUnit, "unit", line: line)
                norm = Units.normalise(rawUnit); unitCache[rawUnit] = norm
            }
            if metricColumn != nil { try checkField(metric, "metric", line: line) }
            // A zero measurement is stored as +0 (see ImportContext.measurement).
            let v = value * norm.factor + 0.0
            if let problem = Units.problem(value: v, kind: norm.kind) { throw fail(line, "benchmark \"\(benchmark)\" \(metric): \(problem)") }
            var direction = Units.direction(of: norm.kind)
            if let dc = directionColumn, !fields[dc].isEmpty {
                guard let dd = Direction(rawValue: CSVSafety.restore(fields[dc])) else {
                    throw fail(line, "direction must be lower or higher, not \"\(fields[dc])\"")
                }
                direction = dd
            }
            var iterations: Int? = nil
            if let ic = iterationsColumn, !fields[ic].isEmpty {
                guard let n = Int(fields[ic]), n >= 0 else { throw fail(line, "iterations \"\(fields[ic])\" is not a non-negative integer") }
                iterations = n
            }
            try grouper.add(key: lastKey, metadata: lastMetadata, line: line,
                            measurement: BenchmarkMeasurement(benchmark: benchmark, metric: metric, unit: norm.unit,
                                                              direction: direction, value: v, iterations: iterations), ctx: self)
        }
        return grouper.result
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
