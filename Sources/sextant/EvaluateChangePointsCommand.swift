import ArgumentParser
import Foundation
import SextantChangePoint
import SextantReport

/// `sextant evaluate-changepoints DIR ANNOTATIONS.json`: F1 and cover over TCPD series, as TCPDBench.
struct EvaluateChangePointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-changepoints",
        abstract: "Score the change point detector on TCPD series (F1 with margin 5, cover), as TCPDBench does.",
        discussion: "DIR holds TCPD series JSON files; ANNOTATIONS.json maps series name -> annotator -> change points. Series without annotations are skipped; see docs/changepoints.md.")

    @Argument(help: "Folder of TCPD series (*.json).") var directory: String
    @Argument(help: "TCPD annotations.json.") var annotations: String
    @Option(help: "Only series whose name does not start with this prefix (repeatable).") var exclude: [String] = []
    @Option(help: "Output format: table, md, json or csv.") var format: ReportFormat = .table
    @OptionGroup var options: ChangePointOptions
    @OptionGroup var progress: ProgressOptions

    func validate() throws { try checkTableFormat(format) }

    func run() throws {
        let config = options.configuration()
        let annData: Data
        do { annData = try Data(contentsOf: URL(fileURLWithPath: annotations)) } catch {
            throw InputError("\(annotations): cannot read: \(error.localizedDescription)")
        }
        guard let ann = try? JSONDecoder().decode([String: [String: [Int]]].self, from: annData) else {
            throw InputError("\(annotations): not a TCPD annotations file (series -> annotator -> [index])")
        }
        // Every *.json below DIR: the flat layout of datasets/tcpd and TCPD's own datasets/<name>/<name>.json.
        guard let walker = FileManager.default.enumerator(atPath: directory) else {
            throw InputError("\(directory): cannot list")
        }
        let files = walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.sorted()
        let detector = ChangePointDetector(config)
        var scores: [TCPDScore] = []
        var skipped: [String] = []
        let bar = progress.bar("evaluate", total: files.count)
        defer { bar.finish() }
        for file in files {
            defer { bar.advance() }
            let path = (directory as NSString).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: path) else { throw InputError("\(path): cannot read") }
            guard let series = try? JSONDecoder().decode(TCPDSeries.self, from: data) else {
                skipped.append("\(file) (not a TCPD series)")
                continue
            }
            if exclude.contains(where: { series.name.hasPrefix($0) }) { continue }
            guard let a = ann[series.name] else {
                skipped.append("\(file) (no annotations for '\(series.name)')")
                continue
            }
            do {
                scores.append(try TCPDScore.evaluate(series, annotations: a, detector: detector))
            } catch {
                throw InputError("\(path): \(error)")
            }
        }
        bar.finish()
        if !skipped.isEmpty {
            FileHandle.standardError.write(Data("sextant: skipped \(skipped.count) file(s): \(skipped.joined(separator: ", "))\n".utf8))
        }
        guard !scores.isEmpty else { throw InputError("\(directory): no annotated TCPD series found") }
        print(ChangePointRenderer.render(tcpd: scores, format: format), terminator: "")
    }
}
