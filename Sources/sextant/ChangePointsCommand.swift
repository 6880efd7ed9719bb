import ArgumentParser
import Foundation
import SextantChangePoint
import SextantHistory

/// `sextant changepoints`: where did a series shift, by how much, and is it a regression.
struct ChangePointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changepoints",
        abstract: "Find the change points of a series (PELT, binary segmentation, E-divisive, Otava's E-divisive).",
        discussion: """
            Defaults: PELT, change in mean, MBIC penalty as R's changepoint defines it, minimum segment 3, \
            data standardised by a robust noise scale (long-run variance under serial dependence) and \
            winsorised against a running median, so an isolated outlier rarely becomes a change point. \
            See docs/changepoints.md.
            """)

    @Option(help: "A series: CSV/text with one value per line, a named column (--column), or a TCPD series JSON.")
    var input: String?

    @Option(help: "Analyse the store's series whose benchmark matches this glob (*, ?, [...]).")
    var benchmark: String?
    @Option(help: "Store series: only this metric.") var metric: String?
    @Option(help: "Store series: only runs on this branch.") var branch: String?
    @Option(help: "Store series: only runs on this machine.") var machine: String?
    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "The value column of a CSV input.") var column: String?
    @Option(name: .customLong("label-column"), help: "A CSV column (e.g. commit) to name each change point's run.")
    var labelColumn: String?
    @Option(help: "Output format: table, json, csv or md.") var format: String = "table"
    @OptionGroup var options: ChangePointOptions

    func run() throws {
        do { try detect() } catch let failure as ChangePointCLIFailure {
            failure.report()
            throw ExitCode(2)
        }
    }

    func detect() throws {
        let config = try options.configuration()
        guard ["table", "md", "json", "csv"].contains(format) else {
            throw ValidationError("--format must be table, json, csv or md")
        }
        if let benchmark {
            guard input == nil else { throw ValidationError("give either --input or --benchmark, not both") }
            try detectInStore(benchmark, config)
            return
        }
        guard let input else { throw ValidationError("give a series with --input FILE or --benchmark GLOB") }
        let file = try SeriesFile.read(path: input, column: column, labelColumn: labelColumn)
        for note in file.notes { FileHandle.standardError.write(Data("sextant: \(note)\n".utf8)) }
        let result: ChangePointResult
        do { result = try ChangePointDetector(config).detect(dimensions: file.dimensions) } catch {
            throw ChangePointCLIFailure("\(input): \(error)")
        }
        print(ChangePointRendering.render(result, labels: file.labels, format: format), terminator: "")
    }

    /// Every matching (benchmark, metric) series of the store, each with its own direction unless
    /// `--direction` is given; change points are labelled with the run's commit.
    func detectInStore(_ glob: String, _ base: ChangePointConfiguration) throws {
        let store = try storeOptions.open()
        let all: [Series]
        do { all = try store.series(benchmark: glob, metric: metric, branch: branch, machine: machine, includeSamples: false) }
        catch { throw inputError(error) }
        guard !all.isEmpty else { throw ChangePointCLIFailure("no series matches --benchmark '\(glob)' in \(storeOptions.path)") }
        var results: [(Series, ChangePointResult)] = []
        for s in all {
            var config = base
            if options.direction == nil {
                config.direction = s.direction == .higherIsBetter
                    ? SextantChangePoint.Direction.higherIsBetter : SextantChangePoint.Direction.lowerIsBetter
            }
            do { results.append((s, try ChangePointDetector(config).detect(s.points.map(\.value)))) } catch {
                throw ChangePointCLIFailure("\(storeOptions.path): \(s.benchmark) \(s.metric): \(error)")
            }
        }
        switch format {
        case "json":
            let items = results.flatMap { s, r in
                ChangePointRendering.jsonItems(r, labels: s.points.map { $0.commit ?? "" }, extra: [
                    "\"benchmark\": \(ChangePointRendering.quoted(s.benchmark))",
                    "\"metric\": \(ChangePointRendering.quoted(s.metric))",
                    "\"unit\": \(ChangePointRendering.quoted(s.unit))",
                ]) { i in ["\"run\": \(s.points[i].runID)"] }
            }
            print("{\"changePoints\": [" + items.joined(separator: ", ") + "]}")
        case "csv":
            var first = true
            for (s, r) in results {
                let csv = ChangePointRendering.render(r, labels: s.points.map { $0.commit ?? "" }, format: "csv")
                var lines = csv.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
                let header = "benchmark,metric," + lines.removeFirst()
                if first { print(header); first = false }
                for l in lines { print("\(s.benchmark.contains(",") ? ChangePointRendering.quoted(s.benchmark) : s.benchmark),\(s.metric),\(l)") }
            }
        default:
            for (s, r) in results {
                let title = "\(s.benchmark) [\(s.metric), \(s.unit), \(s.direction == .higherIsBetter ? "higher" : "lower") is better, \(s.points.count) runs]"
                print(format == "md" ? "### \(title)\n" : "== \(title)")
                print(ChangePointRendering.render(r, labels: s.points.map { String(($0.commit ?? "").prefix(12)) }, format: format))
            }
        }
    }
}

/// Text renderings of a ``ChangePointResult`` (table, md, csv, json).
enum ChangePointRendering {
    static func number(_ x: Double?, _ digits: Int = 6) -> String {
        guard let x, x.isFinite else { return "" }
        return String(format: "%.\(digits)g", x)
    }

    static func json(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "null" }
        return "\(x)"
    }

    static func quoted(_ s: String) -> String { JSONText.quoted(s) }

    static func percent(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "" }
        return String(format: "%+.1f%%", 100 * x)
    }

    /// One JSON object per change point; `extra` fields are added to every object, `perIndex` to the one
    /// at that point index.
    static func jsonItems(
        _ r: ChangePointResult, labels: [String]?, extra: [String], perIndex: (Int) -> [String]
    ) -> [String] {
        r.changePoints.map { c -> String in
            var f = ["\"index\": \(c.index)"] + extra + perIndex(c.index)
            if let labels, c.index < labels.count { f.append("\"label\": \(quoted(labels[c.index]))") }
            f += [
                "\"before\": {\"start\": \(c.before.start), \"count\": \(c.before.count), \"mean\": \(json(c.before.mean)), \"median\": \(json(c.before.median))}",
                "\"after\": {\"start\": \(c.after.start), \"count\": \(c.after.count), \"mean\": \(json(c.after.mean)), \"median\": \(json(c.after.median))}",
                "\"relativeChange\": \(json(c.relativeChange))",
                "\"relativeChangeInterval\": [\(json(c.relativeChangeLower)), \(json(c.relativeChangeUpper))]",
                "\"pValue\": \(json(c.pValue))",
                "\"penaltyMargin\": \(json(c.penaltyMargin))",
                "\"kind\": \"\(c.kind.rawValue)\"",
            ]
            return "{" + f.joined(separator: ", ") + "}"
        }
    }

    static func render(_ r: ChangePointResult, labels: [String]?, format: String) -> String {
        let cps = r.changePoints
        func label(_ i: Int) -> String? { labels.flatMap { i < $0.count ? $0[i] : nil } }
        switch format {
        case "json":
            let items = jsonItems(r, labels: labels, extra: [], perIndex: { _ in [] })
            var top = ["\"changePoints\": [" + items.joined(separator: ", ") + "]"]
            if let note = r.note { top.append("\"note\": \(quoted(note))") }
            if let s = r.noiseScale { top.append("\"noiseScale\": \(json(s))") }
            return "{" + top.joined(separator: ", ") + "}\n"
        case "csv":
            var out = "index,label,before_mean,before_median,after_mean,after_median,relative_change,ci_lower,ci_upper,p_value,penalty_margin,kind\n"
            for c in cps {
                let l = label(c.index).map { $0.contains(",") ? quoted($0) : $0 } ?? ""
                out += [String(c.index), l, number(c.before.mean), number(c.before.median), number(c.after.mean),
                        number(c.after.median), number(c.relativeChange), number(c.relativeChangeLower),
                        number(c.relativeChangeUpper), number(c.pValue), number(c.penaltyMargin), c.kind.rawValue]
                    .joined(separator: ",") + "\n"
            }
            return out
        case "md":
            guard !cps.isEmpty else { return "No change points" + (r.note.map { " (\($0))" } ?? "") + ".\n" }
            var out = "| index | run | before (mean / median) | after (mean / median) | change | 95% CI | p | margin | verdict |\n"
            out += "|---:|---|---:|---:|---:|---|---:|---:|---|\n"
            for c in cps {
                out += "| \(c.index) | \(label(c.index) ?? "") | \(number(c.before.mean)) / \(number(c.before.median)) | "
                    + "\(number(c.after.mean)) / \(number(c.after.median)) | \(percent(c.relativeChange)) | "
                    + "\(percent(c.relativeChangeLower)) .. \(percent(c.relativeChangeUpper)) | \(number(c.pValue, 3)) | "
                    + "\(number(c.penaltyMargin, 3)) | \(c.kind.rawValue) |\n"
            }
            return out
        default:
            guard !cps.isEmpty else { return "no change points" + (r.note.map { " (\($0))" } ?? "") + "\n" }
            var rows = [["index", "run", "before mean", "before median", "after mean", "after median", "change", "95% CI", "p", "margin", "verdict"]]
            for c in cps {
                rows.append([String(c.index), label(c.index) ?? "", number(c.before.mean), number(c.before.median),
                             number(c.after.mean), number(c.after.median), percent(c.relativeChange),
                             "\(percent(c.relativeChangeLower)) .. \(percent(c.relativeChangeUpper))",
                             number(c.pValue, 3), number(c.penaltyMargin, 3), c.kind.rawValue])
            }
            let widths = (0..<rows[0].count).map { k in rows.map { $0[k].count }.max() ?? 0 }
            return rows.map { row in
                row.enumerated().map { k, v in v.padding(toLength: widths[k], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
            }.joined(separator: "\n") + "\n"
        }
    }
}
