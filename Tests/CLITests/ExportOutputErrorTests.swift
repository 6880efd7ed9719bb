import Foundation
import Testing

@Suite("sextant export: a destination that cannot be written is an error, never a silent truncation")
struct ExportOutputErrorTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func fullDeviceAndMissingDirectory() throws {
        let dir = try temporaryDirectory()
        let store = dir.appendingPathComponent("h.sqlite").path
        let run = packageRoot().appendingPathComponent("datasets/optics/run-0001.json").path
        let ingest = try runTool("sextant", ["ingest", run, "--store", store])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let full = try runTool("sextant", ["export", "--store", store, "--output", "/dev/full"])
        #expect(full.status == 2)
        #expect(full.stderr.contains("/dev/full: write failed"), "\(full.stderr)")
        let missing = try runTool("sextant", ["export", "--store", store, "--output", dir.path + "/no/such/dir.csv"])
        #expect(missing.status == 2 && missing.stderr.contains("no/such/dir.csv: cannot write"), "\(missing.stderr)")
        // The store is untouched by the failed exports.
        let ok = try runTool("sextant", ["export", "--store", store])
        #expect(ok.status == 0 && ok.stdout.split(whereSeparator: \.isNewline).count > 10)
    }
}
