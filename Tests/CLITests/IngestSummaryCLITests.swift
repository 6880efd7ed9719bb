import Foundation
import Testing

/// `sextant ingest`'s per-file summary line and `--dry-run`, on real asv output and the django-asv history.
@Suite struct IngestSummaryCLITests {
    let root = packageRoot()

    @Test func dryRunPrintsTheSummaryAndStoresNothing() throws {
        let dir = try temporaryDirectory()
        let store = dir.appendingPathComponent("h.sqlite").path
        let asv = root.appendingPathComponent("Tests/Fixtures/formats/asv/results").path
        let dry = try runTool("sextant", ["ingest", "--dry-run", asv, "--store", store])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout == "\(asv): asv, 2 run(s) with 22 measurement(s) (dry run, nothing stored); skipped 2 failed (null) asv results\n")
        #expect(!FileManager.default.fileExists(atPath: store))
        let real = try runTool("sextant", ["ingest", asv, "--store", store])
        #expect(real.stdout == "\(asv): asv, 2 run(s) added with 22 measurement(s), 0 already stored; skipped 2 failed (null) asv results\n")
        let again = try runTool("sextant", ["ingest", asv, "--store", store])
        #expect(again.stdout.hasPrefix("\(asv): asv, 0 run(s) added with 0 measurement(s), 2 already stored"))
        // a bad file in a dry run: exit 2, one line, as without --dry-run
        let bad = try runTool("sextant", ["ingest", "--dry-run", root.appendingPathComponent("Tests/Fixtures/bad/asv-version-1.json").path, "--store", store])
        #expect(bad.status == 2 && bad.stderr.split(separator: "\n").count == 1 && bad.stderr.contains("api version 2"))
    }

    @Test func djangoAsvHistoryIngestsAndAnalyses() throws {
        let dir = try temporaryDirectory()
        let store = dir.appendingPathComponent("h.sqlite").path
        let django = root.appendingPathComponent("datasets/formats/asv-django").path
        let r = try runTool("sextant", ["ingest", django, "--store", store])
        #expect(r.stdout == "\(django): asv, 31 run(s) added with 1240 measurement(s), 0 already stored\n", "\(r.stderr)")
        let a = try runTool("sextant", ["analyze", "--format", "json", "--store", store])
        #expect(a.status == 0, "\(a.stderr)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        let series = try #require(json["series"] as? [[String: Any]])
        #expect(series.count == 40)
        #expect(series.allSatisfy { ($0["runs"] as? Int) == 31 && ($0["metric"] as? String) == "time" && ($0["unit"] as? String) == "s" })
    }
}
