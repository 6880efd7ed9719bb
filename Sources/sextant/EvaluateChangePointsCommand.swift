import ArgumentParser
import Foundation
import SextantChangePoint

/// `sextant evaluate-changepoints DIR ANNOTATIONS.json`: F1 and cover over TCPD series, as TCPDBench.
struct EvaluateChangePointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-changepoints",
        abstract: "Score the change point detector on TCPD series (F1 with margin 5, cover), as TCPDBench does.",
        discussion: "DIR holds TCPD series JSON files; ANNOTATIONS.json maps series name -> annotator -> change points. Series without annotations are skipped; see docs/changepoints.md.")

    @Argument(help: "Folder of TCPD series (*.json).") var directory: String
    @Argument(help: "TCPD annotations.json.") var annotations: String
    @Option(help: "Only series whose name does not start with this prefix (repeatable).") var exclude: [String] = []
    @Option(help: "Output format: table, md, json or csv.") var format: String = "table"
    @OptionGroup var options: ChangePointOptions

    func run() throws {
        do { try evaluate() } catch let failure as ChangePointCLIFailure {
            failure.report()
            throw ExitCode(2)
        }
    }

    func evaluate() throws {
        let config = try options.configuration()
        guard ["table", "md", "json", "csv"].contains(format) else { throw ValidationError("--format must be table, md, json or csv") }
        let annData: Data
        do { annData = try Data(contentsOf: URL(fileURLWithPath: annotations)) } catch {
            throw ChangePointCLIFailure("\(annotations): cannot read: \(error.localizedDescription)")
        }
        guard let ann = try? JSONDecoder().decode([String: [String: [Int]]].self, from: annData) else {
            throw ChangePointCLIFailure("\(annotations): not a TCPD annotations file (series -> annotator -> [index])")
        }
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        } catch { throw ChangePointCLIFailure("\(directory): cannot list: \(error.localizedDescription)") }
        let detector = ChangePointDetector(config)
        var scores: [TCPDScore] = []
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: path),
                  let series = try? JSONDecoder().decode(TCPDSeries.self, from: data) else { continue }
            guard let a = ann[series.name], !exclude.contains(where: { series.name.hasPrefix($0) }) else { continue }
            do {
                scores.append(try TCPDScore.evaluate(series, annotations: a, detector: detector))
            } catch {
                throw ChangePointCLIFailure("\(path): \(error)")
            }
        }
        guard !scores.isEmpty else { throw ChangePointCLIFailure("\(directory): no annotated TCPD series found") }
        let meanF1 = scores.map(\.f1).reduce(0, +) / Double(scores.count)
        let meanCover = scores.map(\.cover).reduce(0, +) / Double(scores.count)
        func f(_ x: Double) -> String { String(format: "%.3f", x) }
        switch format {
        case "json":
            let rows = scores.map {
                "{\"name\": \"\($0.name)\", \"n\": \($0.count), \"f1\": \(f($0.f1)), \"cover\": \(f($0.cover)), \"predictions\": \($0.predictions)}"
            }
            print("{\"series\": [\(rows.joined(separator: ", "))], \"meanF1\": \(f(meanF1)), \"meanCover\": \(f(meanCover))}")
        case "csv":
            print("series,n,f1,cover,predictions")
            for s in scores { print("\(s.name),\(s.count),\(f(s.f1)),\(f(s.cover)),\(s.predictions.map(String.init).joined(separator: " "))") }
            print("mean,,\(f(meanF1)),\(f(meanCover)),")
        case "md":
            print("| series | n | F1 | cover | predicted change points |\n|---|---:|---:|---:|---|")
            for s in scores { print("| \(s.name) | \(s.count) | \(f(s.f1)) | \(f(s.cover)) | \(s.predictions.map(String.init).joined(separator: ", ")) |") }
            print("| **mean** (\(scores.count) series) | | **\(f(meanF1))** | **\(f(meanCover))** | |")
        default:
            let w = max(8, scores.map(\.name.count).max() ?? 8)
            print("series".padding(toLength: w, withPad: " ", startingAt: 0) + "      n     F1  cover  predicted")
            for s in scores {
                print(s.name.padding(toLength: w, withPad: " ", startingAt: 0)
                    + String(format: " %6d  %.3f  %.3f  ", s.count, s.f1, s.cover)
                    + s.predictions.map(String.init).joined(separator: ","))
            }
            print("mean (\(scores.count) series)".padding(toLength: w, withPad: " ", startingAt: 0)
                + String(format: "         %.3f  %.3f", meanF1, meanCover))
        }
    }
}

/// An input or file error of the change point commands: printed as one line, exit code 2.
struct ChangePointCLIFailure: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
    func report() {
        FileHandle.standardError.write(Data("sextant: \(description)\n".utf8))
    }
}
