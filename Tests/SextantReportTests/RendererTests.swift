import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import SextantNumerics
import SextantAnalysis
import SextantGate
@testable import SextantReport

@Suite struct RendererTests {
    static func report() -> GateReport {
        var rng = SeededGenerator(seed: 9)
        func ln(_ n: Int, _ level: Double, _ sd: Double) -> [Double] {
            (0..<n).map { _ in
                let u1 = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &rng), u2 = Double.random(in: 0..<1, using: &rng)
                return level * exp(sd * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
            }
        }
        let inputs = [
            GateInput(benchmark: "lens.get<&\"'>", metric: "time", unit: "s", direction: .lowerIsBetter,
                      candidate: ln(80, 1.3e-6, 0.03), baselineRuns: [ln(80, 1e-6, 0.03)], iterations: 1000),
            GateInput(benchmark: "lens.set", metric: "time", unit: "s", direction: .lowerIsBetter,
                      candidate: ln(80, 1e-6, 0.01), baselineRuns: [ln(80, 1e-6, 0.01)], iterations: 1000),
            GateInput(benchmark: "prism.preview", metric: "time", unit: "s", direction: .lowerIsBetter,
                      candidate: [2e-3], baselineRuns: [[1e-3]], iterations: 10),
        ]
        let policy = GatePolicy(limits: SLALimits(maxAvgTimeMs: 1.0, maxTotalTimeMs: 1000), minimumEffect: 0.05)
        return Gate.evaluate(inputs, policy: policy, options: GateOptions(resamples: 1000),
                             baselineDescription: "window:10", candidateDescription: "results.json")
    }

    @Test func verdictsOfTheFixture() {
        let r = Self.report()
        #expect(r.results.map(\.verdict) == [.regression, .noChange, .inconclusive])
        #expect(r.outcome == .fail)
        #expect(r.slaViolations == 1)
    }

    @Test func tableAndMarkdown() {
        let r = Self.report()
        let t = GateRenderer.render(r, format: .table)
        #expect(t.hasPrefix("sextant gate: FAIL"))
        #expect(t.contains("REGRESSION"))
        #expect(t.contains("µs"))
        #expect(t.contains("VIOLATION"))
        let md = GateRenderer.render(r, format: .md)
        #expect(md.hasPrefix("### ❌ Sextant gate: fail"))
        #expect(md.contains("| Benchmark | Metric | Baseline | Candidate | Change |"))
        #expect(md.contains("**regression**"))
        // The hostile name is a code span (HTML inside one is shown, never rendered), nothing else.
        #expect(md.contains("| `lens.get<&\"'>` | time |"), "\(md)")
    }

    @Test func jsonRoundTrips() throws {
        let r = Self.report()
        let text = GateRenderer.render(r, format: .json)
        let obj = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        #expect(obj["outcome"] as? String == "fail")
        let summary = obj["summary"] as! [String: Int]
        #expect(summary["regression"] == 1)
        #expect(summary["sla-violation"] == 1)
        struct Envelope: Decodable { var report: GateReport }
        let decoded = try JSONDecoder().decode(Envelope.self, from: Data(text.utf8))
        #expect(decoded.report.results.count == 3)
        #expect(decoded.report.results[0].effect == r.results[0].effect)
    }

    @Test func junitIsWellFormedWithOneCasePerBenchmarkAndCheck() throws {
        let r = Self.report()
        let xml = GateRenderer.render(r, format: .junit)
        final class Collector: NSObject, XMLParserDelegate, @unchecked Sendable {
            var cases = 0, failures: [String] = [], skipped = 0
            func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String]) {
                if e == "testcase" { cases += 1 }
                if e == "failure" { failures.append(a["message"] ?? "") }
                if e == "skipped" { skipped += 1 }
            }
        }
        let parser = XMLParser(data: Data(xml.utf8))
        let c = Collector()
        parser.delegate = c
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        let checks = r.results.reduce(0) { $0 + $1.slaChecks.count }
        #expect(c.cases == 3 + checks)
        #expect(c.failures.contains { $0.hasPrefix("regression +") && $0.contains("[") })
        #expect(c.failures.contains { $0.hasPrefix("SLA violation: maxAvgTimeMs") })
        #expect(c.skipped >= 1)
        let strict = GateRenderer.render(r, format: .junit, failOnInconclusive: true)
        #expect(strict.contains("type=\"inconclusive\""))
    }

    @Test func csvHasOneRowPerResult() {
        let text = GateRenderer.render(Self.report(), format: .csv)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].split(separator: ",").count == 18)
    }

    @Test func analysisFormats() throws {
        let values: [Double] = (0..<50).map { (i: Int) -> Double in
            let level: Double = i < 30 ? 1.0 : 1.2
            return 1e-3 * level * (1 + 0.001 * Double(i % 5))
        }
        let s = Analysis.run([AnalysisInput(benchmark: "a,b", metric: "time", unit: "s", direction: .lowerIsBetter,
                                            values: values, labels: values.indices.map { "r\($0)" })],
                             policy: GatePolicy(limits: SLALimits(maxAvgTimeMs: 2)))
        let t = AnalysisRenderer.render(s, format: .table, confidence: 0.95)
        #expect(t.contains("run r30"))
        let csv = AnalysisRenderer.render(s, format: .csv, confidence: 0.95)
        #expect(csv.contains("\"a,b\",time"))
        #expect(csv.split(separator: "\n")[1].contains(",30,r30,"))
        let md = AnalysisRenderer.render(s, format: .md, confidence: 0.95)
        #expect(md.contains("| `a,b` |"))
        let json = try JSONSerialization.jsonObject(with: Data(AnalysisRenderer.render(s, format: .json, confidence: 0.95).utf8)) as! [String: Any]
        #expect((json["series"] as! [Any]).count == 1)
    }
}
