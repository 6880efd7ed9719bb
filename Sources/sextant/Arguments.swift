import ArgumentParser
import SextantChangePoint
import SextantCore
import SextantForecast
import SextantHistory
import SextantReport

// The library enums that options take, as ArgumentParser arguments: an unknown value is a usage error
// (exit 2) that lists the valid ones, and `--help` shows them.

extension ReportFormat: ExpressibleByArgument {}
extension ForecastMethod: ExpressibleByArgument {}
extension ChangePointMethod: ExpressibleByArgument {}
extension ChangePointModel: ExpressibleByArgument {}
extension ImportFormat: ExpressibleByArgument {}

extension Direction: ExpressibleByArgument {
    /// `lower` or `higher` (and the case names), as `Direction(parsing:)` reads them.
    public init?(argument: String) { self.init(parsing: argument) }
    public static var allValueStrings: [String] { ["lower", "higher"] }
}

extension Penalty: ExpressibleByArgument {
    /// `mbic`, `bic` or a non-negative number, as `Penalty(parsing:)` reads them.
    public init?(argument: String) { self.init(parsing: argument) }
    public var defaultValueDescription: String { description }
}

/// `--scale`: a forecast scale, or `auto` (chosen from the data).
enum ScaleChoice: String, CaseIterable, ExpressibleByArgument {
    case auto, log, linear

    /// The explicit scale; nil for `auto`.
    var scale: ForecastScale? { ForecastScale(rawValue: rawValue) }
}

/// The formats of the commands that print tables of their own (`forecast`, `changepoints`,
/// `evaluate-changepoints`, `analyze`): every ``ReportFormat`` except JUnit, which only the gate's
/// checks have.
func checkTableFormat(_ format: ReportFormat) throws {
    guard format != .junit else { throw ValidationError("--format junit is for gate and compare; use table, md, json or csv") }
}

/// Sextant's one error for bad input found after the arguments parsed (a file that does not read, a
/// store without the series asked for, an unwritable output). `SextantCommand.main` prints it as one
/// line, `sextant: error: MESSAGE` (the message names the file and line where there is one), and exits
/// with status 2, as it does for ArgumentParser's usage errors and `validate()`'s ValidationErrors.
struct InputError: Error, CustomStringConvertible {
    var description: String

    init(_ message: String) { description = message }
}

/// `error` as an ``InputError`` (its description on one line); an ``InputError`` or an `ExitCode`
/// passes through unchanged.
func inputError(_ error: any Error) -> any Error {
    if error is InputError || error is ExitCode { return error }
    return InputError("\(error)")
}
