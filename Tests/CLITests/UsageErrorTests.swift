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

    /// validate(): options that depend on each other or on a range, checked before any file or store
    /// is touched; each is one stderr line `sextant: error: ...` naming the option, and exit 2.
    @Test("validate() rejects inconsistent options with one line and exit 2", arguments: [
        (["gate", "x.json", "--machine", "m", "--any-machine"], "--machine and --any-machine exclude each other"),
        (["gate", "x.json", "--resamples", "10"], "--resamples must be at least 100 (got 10)"),
        (["changepoints", "--input", "x.csv", "--benchmark", "*"], "give either --input or --benchmark, not both"),
        (["changepoints", "--input", "x.csv", "--format", "junit"], "--format junit is for gate and compare"),
        (["changepoints", "--input", "x.csv", "--min-size", "0"], "--min-size must be at least 1"),
        (["evaluate-changepoints", "d", "a.json", "--alpha", "1.5"], "--alpha must be in (0, 1)"),
        (["forecast", "--input", "x.txt", "--metric", "time"], "--metric, --branch and --machine select store series"),
        (["ingest", "x.json", "--timestamp", "yesterday"], "--timestamp"),
        (["compare", "--baseline-cmd", "true", "--candidate-cmd", "true", "--pairs", "1"], "--pairs must be at least 2 (got 1)"),
    ])
    func validation(arguments: [String], message: String) throws {
        let run = try runTool("sextant", arguments)
        #expect(run.status == 2, "\(arguments): \(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("sextant: error: ") && run.stderr.contains(message), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
    }

    @Test("an unknown enum value lists the valid ones on the same line")
    func unknownEnumValue() throws {
        let run = try runTool("sextant", ["changepoints", "--input", "x.csv", "--method", "magic"])
        #expect(run.status == 2)
        #expect(run.stderr == "sextant: error: The value 'magic' is invalid for '--method <method>'. Please provide one of 'pelt', 'binseg', 'edivisive' or 'otava'. (see 'sextant changepoints --help')\n", "\(run.stderr)")
    }

    @Test("--help still exits 0")
    func help() throws {
        let run = try runTool("sextant", ["--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("USAGE: sextant"))
    }
}
