import Foundation
import Testing

/// ArgumentParser reports usage errors with status 64; Sextant documents 2 for every usage or
/// input error, and `SextantCommand.main` maps one to the other.
@Suite("Usage errors exit 2")
struct UsageErrorTests {
    @Test("an unparseable option value exits 2 with the parser's message")
    func badOptionValue() throws {
        let run = try runTool("sextant", ["forecast", "--horizon", "abc"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--horizon"))
        #expect(run.stdout.isEmpty)
    }

    @Test("an unknown subcommand exits 2")
    func unknownSubcommand() throws {
        let run = try runTool("sextant", ["no-such-command"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no-such-command"))
    }

    @Test("--help still exits 0")
    func help() throws {
        let run = try runTool("sextant", ["--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("USAGE: sextant"))
    }
}
