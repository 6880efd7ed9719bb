import ArgumentParser

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
            AnalyzeCommand.self,
            DashboardCommand.self,
        ]
    )
}
