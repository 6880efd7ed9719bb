import Foundation

/// The text of `export`'s rows, one place for every backend, so that the same history exports to
/// the same bytes from SQLite and from PostgreSQL.
///
/// Rows arrive grouped by series and, within a series, by run; the per-series and per-run prefixes
/// are formatted once and reused for every row that shares them; run prefixes are also kept across
/// series in a bounded cache (issue 16: a 5M-row export had rebuilt them for every row).
public struct ExportRowWriter {
    let out: BufferedOutput
    let format: ExportFormat
    let benchmark: String
    var currentSeries: Int64 = -1
    var currentRun: Int64 = -1
    /// The current series' and run's cells in the writer's format.
    var seriesText = "", runText = ""
    /// Whether the current series matches the benchmark glob.
    public private(set) var wanted = true
    /// Rows written so far.
    public private(set) var written = 0
    /// Every series walks the same runs: each run's prefix text (timestamp formatting, cell
    /// neutralisation and escaping) is made once and kept, for up to `runCacheLimit` runs (then the
    /// cache starts again empty, so memory stays bounded and the worst case is the uncached cost).
    var runCache: [Int64: String] = [:]
    let runCacheLimit: Int

    /// How many runs' prefix text an export keeps by default (each a few hundred bytes: a few MB).
    public static let defaultRunCacheLimit = 8192

    /// Starts an export to `out` (the CSV header is written at once).
    public init(out: BufferedOutput, format: ExportFormat, benchmark: String,
                runCacheLimit: Int = ExportRowWriter.defaultRunCacheLimit) {
        self.out = out
        self.format = format
        self.benchmark = benchmark
        self.runCacheLimit = max(1, runCacheLimit)
        if format == .csv {
            out.append(HistoryStore.exportColumns.joined(separator: ","))
            out.append("\r\n")
        }
    }

    /// Whether `id` is not the current series (then call ``setSeries(_:name:metric:unit:direction:)``).
    @inline(__always) public func isNewSeries(_ id: Int64) -> Bool { id != currentSeries }

    /// Whether `id` is not the current run (then call ``setRun(_:commit:branch:timestamp:machine:toolchain:)``).
    @inline(__always) public func isNewRun(_ id: Int64) -> Bool { id != currentRun }

    /// Makes series `id` current.
    public mutating func setSeries(_ id: Int64, name: String, metric: String, unit: String, direction: String) {
        currentSeries = id
        wanted = Glob.matches(benchmark, name)
        seriesText = format == .csv ? [name, metric, unit, direction].map(CSVSafety.cell).joined(separator: ",")
            : ",\"benchmark\":\(jsonString(name)),\"metric\":\(jsonString(metric)),\"unit\":\(jsonString(unit)),\"direction\":\(jsonString(direction))"
    }

    /// Makes run `id` current; a stored time outside the valid range is an error naming the run.
    public mutating func setRun(_ id: Int64, commit: String?, branch: String?, timestamp: Double, machine: String?, toolchain: String?) throws {
        currentRun = id
        if let cached = runCache[id] {
            runText = cached
            return
        }
        runText = try runCells(id, commit: commit, branch: branch, timestamp: timestamp, machine: machine, toolchain: toolchain)
        if runCache.count >= runCacheLimit { runCache.removeAll(keepingCapacity: true) }
        runCache[id] = runText
    }

    /// The text of run `id`'s cells in this writer's format, the prefix of each of its rows (what
    /// ``setRun(_:commit:branch:timestamp:machine:toolchain:)`` makes current; a store that keeps
    /// the runs' texts itself passes them to ``writeRow(run:value:iterations:samples:)``). A stored
    /// time outside the valid range is an error naming the run.
    public func runCells(_ id: Int64, commit: String?, branch: String?, timestamp: Double, machine: String?, toolchain: String?) throws -> String {
        let stamp = Timestamps.format(try HistoryStore.checkedTimestamp(timestamp, run: id))
        if format == .csv {
            return String(id) + "," + [commit ?? "", branch ?? ""].map(CSVSafety.cell).joined(separator: ",") + "," + stamp + ","
                + [machine ?? "", toolchain ?? ""].map(CSVSafety.cell).joined(separator: ",")
        }
        return "{\"schemaVersion\":1,\"run\":\(id),\"commit\":\(jsonString(commit)),\"branch\":\(jsonString(branch)),\"timestamp\":\"\(stamp)\",\"machine\":\(jsonString(machine)),\"toolchain\":\(jsonString(toolchain))"
    }

    /// Writes one row of the current series and the run whose ``runCells(_:commit:branch:timestamp:machine:toolchain:)`` is `run`.
    @inline(__always)
    public mutating func writeRow(run: String, value: Double, iterations: Int64?, samples: UnsafeRawBufferPointer?) {
        if format == .csv {
            out.append(run); out.append(byte: 0x2C)
            out.append(seriesText); out.append(byte: 0x2C)
            out.append(value.description); out.append(byte: 0x2C)
            if let it = iterations { out.append(String(it)) }
            out.append("\r\n")
        } else {
            out.append(run); out.append(seriesText)
            out.append(",\"value\":"); out.append(value.description)
            out.append(",\"iterations\":"); out.append(iterations.map { String($0) } ?? "null")
            out.append(",\"samples\":")
            if let raw = samples {
                out.append("[")
                for k in 0..<(raw.count / 8) {
                    if k > 0 { out.append(byte: 0x2C) }
                    out.append(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self))).description)
                }
                out.append("]")
            } else {
                out.append("null")
            }
            out.append("}\n")
        }
        written += 1
    }

    /// Writes one row of the current series and run; `samples` is the stored little-endian float64
    /// blob (JSON Lines only).
    public mutating func writeRow(value: Double, iterations: Int64?, samples: UnsafeRawBufferPointer?) {
        writeRow(run: runText, value: value, iterations: iterations, samples: samples)
    }
}
