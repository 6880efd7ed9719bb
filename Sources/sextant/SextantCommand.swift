import ArgumentParser
import Foundation

/// The `sextant` command line: argument parsing and wiring of the library modules only.
/// No statistics live here; every number comes from SextantNumerics, SextantChangePoint,
/// SextantForecast or SextantGate.
@main
struct SextantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sextant",
        abstract: "Statistically sound answers from benchmark histories.",
        subcommands: [
            // One line per subcommand (keeps merges simple).
            IngestCommand.self,
            RunsCommand.self,
            SeriesCommand.self,
            ExportCommand.self,
            BaselineCommand.self,
            ChangePointsCommand.self,
            EvaluateChangePointsCommand.self,
            ForecastCommand.self,
            FitCommand.self,
            GateCommand.self,
            CompareCommand.self,
            AnalyzeCommand.self,
            DashboardCommand.self,
            SyncCommand.self,
            PRCommentCommand.self,
            TriageCommand.self,
            NotifyCommand.self,
        ]
    )

    /// Runs the command and maps ArgumentParser's usage-error status (64, `EX_USAGE`) to Sextant's
    /// documented exit code 2 for "usage or input error", so scripts see one code for both.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
