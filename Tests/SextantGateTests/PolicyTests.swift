import Foundation
import Testing
@testable import SextantGate
import SextantAnalysis
import SextantTestSupport

@Suite struct PolicyTests {
    /// The seed's file, comments and all.
    static let seed = """
    {
      "maxAvgTimeMs": 1.0,           // Maximum average time per operation
      "maxTotalTimeMs": 1000,        // Maximum total time for all operations
      "minThroughput": 1000.0,       // Minimum throughput (ops/s)
      "maxMemoryUsage": 1000000,     // Maximum memory usage (bytes)
      "regressionThreshold": 0.1     // Maximum allowed regression (10%)
    }
    """

    @Test func readsTheSeedFileWithComments() throws {
        let p = try GatePolicy.parse(Self.seed)
        #expect(p.limits == SLALimits(maxAvgTimeMs: 1, maxTotalTimeMs: 1000, minThroughput: 1000, maxMemoryUsage: 1_000_000))
        #expect(p.regressionThreshold == 0.1)
        #expect(p.confidence == 0.95)
        #expect(p.falseDiscoveryRate == 0.05)
        #expect(p.settings(for: "anything").minimumEffect == 0.1)
    }

    @Test func commentMarkersInsideStringsAreText() throws {
        let p = try GatePolicy.parse("""
        /* block
           comment */ {
          "overrides": [ {"benchmark": "http://x/*y*/", "maxAvgTimeMs": 2} ] // trailing
        }
        """)
        #expect(p.overrides.first?.pattern == "http://x/*y*/")
    }

    @Test func sextantAdditionsAndOverrides() throws {
        let p = try GatePolicy.parse("""
        {
          "regressionThreshold": 0.1, "minimumEffect": 0.03, "confidence": 0.99, "falseDiscoveryRate": 0.1,
          "maxAvgTimeMs": 1.0,
          "directions": {"score": "higher"},
          "overrides": [
            {"benchmark": "lens.*", "maxAvgTimeMs": 2.0},
            {"benchmark": "lens.set*", "minimumEffect": 0.2},
            {"benchmark": "prism.[bp]*", "regressionThreshold": 0.05}
          ]
        }
        """)
        #expect(p.confidence == 0.99)
        #expect(p.falseDiscoveryRate == 0.1)
        #expect(p.settings(for: "traversal.over").limits.maxAvgTimeMs == 1.0)
        #expect(p.settings(for: "traversal.over").minimumEffect == 0.03)
        #expect(p.settings(for: "lens.get").limits.maxAvgTimeMs == 2.0)
        #expect(p.settings(for: "lens.get").minimumEffect == 0.03)
        #expect(p.settings(for: "lens.set").minimumEffect == 0.2)
        // An explicit top-level minimumEffect is not replaced by an override's regressionThreshold.
        #expect(p.settings(for: "prism.build").regressionThreshold == 0.05)
        #expect(p.settings(for: "prism.build").minimumEffect == 0.03)
        #expect(p.direction(of: "score", fallback: .lowerIsBetter) == .higherIsBetter)
        #expect(p.direction(of: "time", fallback: .lowerIsBetter) == .lowerIsBetter)
    }

    @Test func minimumEffectFollowsAnOverriddenThresholdWhenNotSetExplicitly() throws {
        let p = try GatePolicy.parse(#"{"overrides": [{"benchmark": "slow*", "regressionThreshold": 0.25}]}"#)
        #expect(p.settings(for: "slow.io").minimumEffect == 0.25)
        #expect(p.settings(for: "fast").minimumEffect == 0.1)
    }

    @Test func unknownKeysAreNamedWithTheirLine() {
        #expect {
            _ = try GatePolicy.parse("{\n  \"maxAvgTimeMs\": 1,\n  \"maxAvgTime\": 2,\n  \"colour\": 3\n}", file: "p.json")
        } throws: { error in
            let e = error as! PolicyError
            return e.line == 3 && e.description.contains("p.json:3") && e.message.contains("\"maxAvgTime\"")
                && e.message.contains("\"colour\"")
        }
        #expect {
            _ = try GatePolicy.parse("{\"overrides\": [{\"benchmark\": \"a*\",\n \"maxAvg\": 1}]}", file: "p.json")
        } throws: { error in
            let e = error as! PolicyError
            return e.line == 2 && e.message.contains("\"maxAvg\"")
        }
    }

    @Test func invalidValuesAreRejectedWithTheirLine() {
        func fails(_ text: String, line: Int, _ fragment: String) {
            do {
                _ = try GatePolicy.parse(text, file: "sla.json")
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.line == line, "\(error)")
                #expect(error.message.contains(fragment), "\(error)")
            }
        }
        fails("{\n\"maxAvgTimeMs\": -1\n}", line: 2, "negative")
        fails("{\n\n\"confidence\": 1.0}", line: 3, "between 0 and 1")
        fails("{\"confidence\": 0}", line: 1, "between 0 and 1")
        fails("{\"falseDiscoveryRate\": 1.5}", line: 1, "between 0 and 1")
        fails("{\"minThroughput\": \"fast\"}", line: 1, "must be a number")
        fails("{\n  \"maxAvgTimeMs\": 1.0,\n  \"regressionThreshold\": 0.1,\n}", line: 4, "invalid JSON")
        fails("{\n  \"maxAvgTimeMs\": 1.0\n  \"minThroughput\": 2\n}", line: 3, "invalid JSON")
        fails("{\"a\": \"unterminated\n}", line: 1, "invalid JSON")
        fails("[1, 2]", line: 1, "must be a JSON object")
        fails("{\"directions\": {\"time\": \"down\"}}", line: 1, "\"lower\" or \"higher\"")
        fails("{\"overrides\": [{\"maxAvgTimeMs\": 1}]}", line: 1, "without a \"benchmark\"")
        fails("{\"overrides\": [{\"benchmark\": \"x\", \"minimumEffect\": -0.1}]}", line: 1, "negative")
        fails("{\"maxAvgTimeMs\": 1, \"maxAvgTimeMs\": 2}", line: 1, "duplicate")
        fails("/* never closed {", line: 1, "unterminated")
    }

    @Test func missingFileIsAnError() {
        #expect(throws: PolicyError.self) { _ = try GatePolicy.load(contentsOf: "/nonexistent/sla.json") }
    }

    /// Issue 12 defect 6: a duplicate key inside an override or `directions` was accepted, last one
    /// winning (a 100 ms limit instead of 1e-9 ms, so the SLA passed).
    @Test func duplicateKeysAreRefusedAtEveryDepth() {
        for text in [
            #"{"overrides":[{"benchmark":"lens_*","maxAvgTimeMs":1e-9,"maxAvgTimeMs":100}]}"#,
            "{\"directions\": {\"time\": \"lower\",\n \"time\": \"higher\"}}",
        ] {
            do {
                _ = try GatePolicy.parse(text, file: "p.json")
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description.contains("duplicate key"), "\(error.description)")
                #expect(error.line == (text.contains("\n") ? 2 : 1))
            }
        }
    }

    /// Issue 12 defect 9: a NUL inside a policy comment was accepted; leading zeros and trailing dots too.
    @Test func lenientJSONIsRefused() {
        for (text, fragment) in [
            ("{\"confidence\": 0.9 /* a\u{0}b */}", "NUL byte in a comment"),
            ("// x\u{0}\n{}", "NUL byte in a comment"),
            ("{\"forecastHorizon\": 01}", "leading zero"),
            ("{\"maxAvgTimeMs\": 1.}", "digit must follow '.'"),
            ("{\"maxAvgTimeMs\": 1.e2}", "digit must follow '.'"),
            ("{\"maxAvgTimeMs\": 1e-400}", "underflows"),
            ("\u{FEFF}\u{FEFF}{}", "second byte-order mark"),
        ] {
            do {
                _ = try GatePolicy.parse(text, file: "p.json")
                Issue.record("accepted: \(text.debugDescription)")
            } catch {
                #expect(error.description.contains(fragment), "\(error.description)")
            }
        }
        #expect((try? GatePolicy.parse("\u{FEFF}{\"confidence\": 0.9}"))?.confidence == 0.9)
    }

    /// Issue 12 defect 10: an encoding error named the file but not the line.
    @Test func encodingErrorNamesTheLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("{\n  \"confidence\": 0.9,\n  // caf\u{e9}\n".utf8 + [0xC3, 0x28] + Array("\n}\n".utf8)).write(to: URL(fileURLWithPath: path))
        do {
            _ = try GatePolicy.load(contentsOf: path)
            Issue.record("accepted invalid UTF-8")
        } catch {
            #expect(error.line == 4, "\(error.description)")
            #expect(error.description.contains("not UTF-8"))
        }
    }
}
