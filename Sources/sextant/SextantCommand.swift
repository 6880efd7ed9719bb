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
            ForecastCommand.self,
            IngestCommand.self,
            RunsCommand.self,
            SeriesCommand.self,
            ExportCommand.self,
            BaselineCommand.self,
            FitCommand.self,
        ]
    )
}
