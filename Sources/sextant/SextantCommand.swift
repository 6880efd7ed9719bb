import ArgumentParser
import SextantNumerics
import Foundation
import SextantReport

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
            StoreCommand.self,
            TriageCommand.self,
            NotifyCommand.self,
        ]
    )

    /// Runs the command. Every usage error (ArgumentParser's, status 64 `EX_USAGE`, and `validate()`'s
    /// ValidationErrors) and every ``InputError`` is printed here, once, as one line on standard error,
    /// `sextant: error: MESSAGE`, and exits 2: Sextant's documented code for "usage or input error".
    static func main() async {
        // One BLAS thread for Sextant's small least-squares problems unless the user chose (BLASThreads).
        BLASThreads.pinToOneUnlessConfigured()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as InputError {
            failWithUsageOrInputError(error.description)
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            // The parser's message, and where to read more (its "See 'sextant gate --help' ..." line).
            let help = fullMessage(for: error).split(separator: "\n").last { $0.contains("--help'") }.flatMap { line -> String? in
                guard let a = line.firstIndex(of: "'"), let b = line.lastIndex(of: "'"), a < b else { return nil }
                return " (see \(line[a...b]))"
            }
            // ArgumentParser lists valid values one per line ("- auto"): on one line, comma-separated.
            let lines = message(for: error).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            let choices = lines.filter { $0.hasPrefix("- ") }.map { $0.dropFirst(2) }
            let text = lines.filter { !$0.hasPrefix("- ") }.joined(separator: " ")
                + (choices.isEmpty ? "" : " " + choices.joined(separator: ", "))
            failWithUsageOrInputError(text + (help ?? ""))
        }
    }

    /// The one place that prints a usage or input error and exits 2.
    static func failWithUsageOrInputError(_ message: String) -> Never {
        // One line, without the control sequences a file's content or name may carry (a bad value
        // `x\u{1B}]0;...` is quoted in the message and would otherwise reach the terminal).
        let oneLine = Escape.terminal(message.split(whereSeparator: \.isNewline).joined(separator: " "))
        FileHandle.standardError.write(Data("sextant: error: \(oneLine)\n".utf8))
        Foundation.exit(2)
    }
}
