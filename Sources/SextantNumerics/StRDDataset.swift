/// A NIST StRD linear-regression data set (https://www.itl.nist.gov/div898/strd/): the data,
/// the model read from the header (polynomial degree or predictor columns, intercept or not)
/// and the certified values. A reader only; no statistics.
public struct StRDDataset: Sendable {
    public var name: String
    /// The response.
    public var y: [Double]
    /// The predictor columns as listed after "Data:" (x, or x1…xk).
    public var predictors: [[Double]]
    /// Whether the model has B0.
    public var intercept: Bool
    /// The polynomial degree when the model is a polynomial in one x; nil for a linear model in several x.
    public var degree: Int?
    public var certifiedCoefficients: [Double]
    public var certifiedStandardErrors: [Double]
    public var certifiedResidualStandardDeviation: Double
    public var certifiedRSquared: Double

    /// The design matrix the model defines.
    ///
    /// - Complexity: O(n p).
    public var design: Matrix {
        if let degree, predictors.count == 1 {
            return .polynomialDesign(predictors[0], degree: degree, intercept: intercept)
        }
        return .design(predictors: predictors, intercept: intercept)
    }

    /// Parses the text of an StRD `.dat` file.
    ///
    /// - Throws: `StRDFormatError` naming the line that could not be read.
    /// - Complexity: O(size of the text).
    public init(name: String, text: String) throws {
        self.name = name
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map { String($0).replacingTabs() }
        var coefficients: [Int: (Double, Double)] = [:]
        var sd = Double.nan, r2 = Double.nan
        var modelLine = ""
        var dataHeader: Int? = nil
        for (k, line) in lines.enumerated() {
            let tokens = line.split(separator: " ").map(String.init)
            if dataHeader == nil, tokens.count == 3, tokens[0].hasPrefix("B"), let idx = Int(tokens[0].dropFirst()),
               let v = Double(tokens[1]), let s = Double(tokens[2]) {
                coefficients[idx] = (v, s)
            } else if line.contains("Standard Deviation"), let v = tokens.last.flatMap(Double.init) {
                sd = v
            } else if line.contains("R-Squared"), let v = tokens.last.flatMap(Double.init) {
                r2 = v
            } else if modelLine.isEmpty, tokens.first == "y", tokens.count > 1, tokens[1] == "=" {
                modelLine = line
            } else if tokens.first == "Data:", tokens.count > 1, tokens[1] == "y" {
                dataHeader = k
            }
        }
        guard let header = dataHeader else { throw StRDFormatError(line: lines.count, problem: "no 'Data: y x…' line") }
        guard !modelLine.isEmpty else { throw StRDFormatError(line: 1, problem: "no model line 'y = B0 + …'") }
        let columnCount = lines[header].split(separator: " ").count - 1
        var y: [Double] = []
        var xs = [[Double]](repeating: [], count: columnCount - 1)
        for k in (header + 1)..<lines.count {
            let tokens = lines[k].split(separator: " ")
            if tokens.isEmpty { continue }
            guard tokens.count == columnCount else { throw StRDFormatError(line: k + 1, problem: "expected \(columnCount) values, found \(tokens.count)") }
            let values = tokens.map { Double($0) }
            guard values.allSatisfy({ $0 != nil }) else { throw StRDFormatError(line: k + 1, problem: "non-numeric value") }
            y.append(values[0]!)
            for j in 1..<columnCount { xs[j - 1].append(values[j]!) }
        }
        let p = coefficients.count
        guard p > 0, (0..<p).allSatisfy({ coefficients[$0] != nil || coefficients[$0 + 1] != nil }) else {
            throw StRDFormatError(line: 1, problem: "no certified parameter lines 'Bk estimate sd'")
        }
        intercept = coefficients[0] != nil
        let ordered = coefficients.keys.sorted().map { coefficients[$0]! }
        certifiedCoefficients = ordered.map(\.0)
        certifiedStandardErrors = ordered.map(\.1)
        certifiedResidualStandardDeviation = sd
        certifiedRSquared = r2
        self.y = y
        predictors = xs
        degree = xs.count == 1 ? p - (intercept ? 1 : 0) : nil
    }
}

/// A malformed StRD file: the 1-based line and what is wrong with it.
public struct StRDFormatError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var problem: String
    public var description: String { "line \(line): \(problem)" }
}

extension String {
    func replacingTabs() -> String { String(map { $0 == "\t" || $0 == "\r" ? " " : $0 }) }
}
