import ArgumentParser
import Foundation
import SextantGate
import SextantReport

/// The options `gate` and `compare` share: the policy, which measurements are judged, and where the
/// report goes.
struct GateReportOptions: ParsableArguments {
    @Option(help: "Policy file (the seed's sla_thresholds.json plus Sextant's keys; comments allowed).")
    var policy: String?

    @Option(help: "The report's format.")
    var format: ReportFormat = .table

    @OptionGroup var destination: ReportOutputOptions

    @Flag(help: "Exit 3 when nothing failed but some verdict or SLA check is inconclusive.")
    var failOnInconclusive = false

    @Option(help: "Only benchmarks matching this glob.")
    var benchmark: String = "*"

    @Option(help: "Only this metric (e.g. time: the medians of raw samples; the `control` covariate is always kept).")
    var metric: String?

    /// Renders `report` to `--output` or standard output and returns the gate's exit code.
    func write(_ report: GateReport) throws -> Int32 {
        try destination.write(GateRenderer.render(report, format: format, failOnInconclusive: failOnInconclusive))
        return report.exitCode(failOnInconclusive: failOnInconclusive)
    }
}
