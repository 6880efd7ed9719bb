import ArgumentParser
import Foundation
import SextantHistory
import SextantNumerics
import SextantReport

/// `sextant fit`: least-squares fit of a CSV column (or an NIST StRD file) with full inference.
/// Parsing and wiring only; every number comes from `SextantNumerics.LinearRegression`.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit y ~ polynomial(x, degree) or y ~ x1 + x2 + ... by least squares (QR on LAPACK).",
        discussion: """
        Bad input (missing or empty file, a non-numeric or non-finite cell, fewer rows than parameters, \
        a constant or duplicated column) exits with status 2 and one line naming the file, line and problem.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Option(name: .long, help: "CSV file with a header line.")
    var input: String?

    @Option(name: .long, help: "Response column.")
    var y: String?

    @Option(name: .long, help: "Predictor column(s), comma-separated.")
    var x: String?

    @Option(name: .long, help: "Polynomial degree in the single --x column (default 1).")
    var degree: Int?

    @Flag(name: .long, help: "Fit without an intercept.")
    var noIntercept = false

    @Option(name: .long, help: "An NIST StRD linear-regression .dat file; the model comes from its header.")
    var strd: String?

    @Option(name: .long, help: "Output format: table or json.")
    var format: Format = .table

    @Option(name: .long, help: "Confidence level for the coefficient intervals.")
    var level: Double = 0.95

    func validate() throws {
        if strd == nil {
            guard input != nil else { throw ValidationError("give --input FILE.csv with --y and --x, or --strd FILE") }
            guard y != nil, x != nil else { throw ValidationError("--input needs --y COLUMN and --x COLUMN[,COLUMN...]") }
        } else if input != nil {
            throw ValidationError("--strd and --input are exclusive")
        }
        if let degree, degree < 1 { throw ValidationError("--degree must be at least 1") }
        if degree != nil, let x, x.contains(",") { throw ValidationError("--degree needs a single --x column") }
        guard level > 0 && level < 1 else { throw ValidationError("--level must be in (0, 1)") }
    }

    /// An input error (exit 2, one line: `sextant: error: FILE:LINE: problem`).
    func fail(_ message: String) -> InputError { InputError(message) }

    func readText(_ path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else { throw fail("\(path): no such file") }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("\(path): cannot read file") }
        guard let text = String(data: data, encoding: .utf8) else { throw fail("\(path):1: not UTF-8 text") }
        return text
    }

    func run() throws {
        let file: String
        let design: Matrix
        let response: [Double]
        var terms: [String]
        var columnLabel: [String]  // the CSV column behind each design column, for messages
        var datasetName: String? = nil
        var firstDataLine = 2, lastDataLine = 2
        if let strd {
            file = strd
            let data: StRDDataset
            do { data = try StRDDataset(name: URL(fileURLWithPath: strd).deletingPathExtension().lastPathComponent, text: try readText(strd)) }
            catch let e as StRDFormatError { throw fail("\(strd):\(e.line): \(e.problem)") }
            design = data.design
            response = data.y
            datasetName = data.name
            if let d = data.degree {
                terms = (data.intercept ? ["(Intercept)"] : []) + (1...d).map { $0 == 1 ? "x" : "x^\($0)" }
            } else {
                terms = (data.intercept ? ["(Intercept)"] : []) + (1...data.predictors.count).map { "x\($0)" }
            }
            columnLabel = terms
        } else {
            file = input!
            let table: NumericTable
            do { table = try NumericTable(csv: try readText(file)) }
            catch let e as NumericTableError { throw fail("\(file):\(e.line): \(e.problem)") }
            let xNames = x!.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            let yValues: [Double]
            var xValues: [[Double]] = []
            do {
                yValues = try table.column(y!)
                for name in xNames { xValues.append(try table.column(name)) }
            } catch let e as NumericTableError { throw fail("\(file):\(e.line): \(e.problem)") }
            if table.rows.isEmpty { throw fail("\(file):1: no data rows after the header") }
            firstDataLine = table.rows.first!.line
            lastDataLine = table.rows.last!.line
            let intercept = !noIntercept
            if let degree {
                design = .polynomialDesign(xValues[0], degree: degree, intercept: intercept)
                terms = (intercept ? ["(Intercept)"] : []) + (1...degree).map { $0 == 1 ? xNames[0] : "\(xNames[0])^\($0)" }
                columnLabel = (intercept ? ["(Intercept)"] : []) + (1...degree).map { _ in xNames[0] }
            } else {
                design = .design(predictors: xValues, intercept: intercept)
                terms = (intercept ? ["(Intercept)"] : []) + xNames
                columnLabel = terms
            }
            response = yValues
            // Name constant and duplicated predictor columns before fitting (clearer than "rank deficient").
            for (k, v) in xValues.enumerated() {
                if intercept, let f = v.first, v.allSatisfy({ $0 == f }) {
                    throw fail("\(file):1: column '\(xNames[k])' is constant (\(f) on every row), which duplicates the intercept")
                }
                if let d = xValues[..<k].firstIndex(of: v) {
                    throw fail("\(file):1: column '\(xNames[k])' duplicates column '\(xNames[d])'")
                }
            }
        }
        let fit: RegressionFit
        do {
            fit = try LinearRegression.fit(design, response)
        } catch let e as RegressionError {
            switch e {
            case .tooFewObservations(let n, let p):
                throw fail("\(file):\(lastDataLine): \(n) data rows (lines \(firstDataLine)-\(lastDataLine)) for \(p) parameters; need more rows than parameters")
            case .rankDeficient(let cols, _):
                let names = cols.map { "'\(terms[$0])'" }.joined(separator: ", ")
                throw fail("\(file):1: term \(names) is a linear combination of earlier terms (constant, duplicated or collinear column \(cols.map { "'\(columnLabel[$0])'" }.joined(separator: ", ")))")
            default:
                throw fail("\(file): \(e)")
            }
        }
        switch format {
        case .json: print(json(fit, terms: terms, name: datasetName))
        case .table: print(table(fit, terms: terms))
        }
    }

    /// Round-trip exact: 17 significant digits; non-finite values become null.
    func number(_ v: Double) -> String {
        v.isFinite ? String(format: "%.17g", v) : "null"
    }

    func json(_ fit: RegressionFit, terms: [String], name: String?) -> String {
        func arr(_ v: [Double]) -> String { "[" + v.map(number).joined(separator: ", ") + "]" }
        let ci = fit.confidenceIntervals(level: level)
        var fields: [(String, String)] = []
        if let name { fields.append(("dataset", JSONText.quoted(name))) }
        fields += [
            ("terms", "[" + terms.map { JSONText.quoted($0) }.joined(separator: ", ") + "]"),
            ("coefficients", arr(fit.coefficients)),
            ("standardErrors", arr(fit.standardErrors)),
            ("tStatistics", arr(fit.tStatistics)),
            ("pValues", arr(fit.pValues)),
            ("confidenceLevel", number(level)),
            ("confidenceIntervals", "[" + ci.map { "[\(number($0.lower)), \(number($0.upper))]" }.joined(separator: ", ") + "]"),
            ("residualStandardDeviation", number(fit.residualStandardDeviation)),
            ("rSquared", number(fit.rSquared)),
            ("adjustedRSquared", number(fit.adjustedRSquared)),
            ("fStatistic", number(fit.fStatistic)),
            ("fPValue", number(fit.fPValue)),
            ("residualDegreesOfFreedom", String(fit.residualDegreesOfFreedom)),
            ("rank", String(fit.rank)),
            ("n", String(fit.observations)),
        ]
        return "{\n" + fields.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}"
    }

    func table(_ fit: RegressionFit, terms: [String]) -> String {
        let ci = fit.confidenceIntervals(level: level)
        let pct = String(format: "%g%%", level * 100)
        var rows = [["term", "estimate", "std. error", "t", "p", "\(pct) CI low", "\(pct) CI high"]]
        for k in 0..<fit.parameterCount {
            rows.append([terms[k], g(fit.coefficients[k]), g(fit.standardErrors[k]), g(fit.tStatistics[k], 4),
                         g(fit.pValues[k], 4), g(ci[k].lower), g(ci[k].upper)])
        }
        let header = rows.removeFirst()
        var lines = [TextTable.render(header, rows, rightAligned: Set(1..<header.count))]
        lines.append("residual SD \(g(fit.residualStandardDeviation)) on \(fit.residualDegreesOfFreedom) degrees of freedom; n = \(fit.observations), rank = \(fit.rank)")
        lines.append("R² \(g(fit.rSquared, 10)), adjusted R² \(g(fit.adjustedRSquared, 10))")
        if fit.fStatistic.isFinite {
            lines.append("F \(g(fit.fStatistic)) on \(fit.parameterCount - (fit.hasIntercept ? 1 : 0)) and \(fit.residualDegreesOfFreedom) DF, p = \(g(fit.fPValue, 4))")
        }
        return lines.joined(separator: "\n")
    }

    func g(_ v: Double, _ digits: Int = 8) -> String { String(format: "%.\(digits)g", v) }
}
