/// A dense matrix of `Double` stored column-major (LAPACK's layout), so that it can be passed to
/// LAPACK without copying or transposing. Element (i, j) is at `storage[i + j * rows]`.
public struct Matrix: Hashable, Sendable, CustomStringConvertible {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// The elements, column after column (`rows * columns` of them).
    public var storage: [Double]

    /// A matrix filled with `value`.
    ///
    /// - Complexity: O(rows · columns).
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "negative dimension")
        self.rows = rows
        self.columns = columns
        self.storage = [Double](repeating: value, count: rows * columns)
    }

    /// A matrix over column-major storage.
    ///
    /// - Precondition: `columnMajor.count == rows * columns`.
    /// - Complexity: O(1) (the array is adopted).
    public init(rows: Int, columns: Int, columnMajor: [Double]) {
        precondition(rows >= 0 && columns >= 0 && columnMajor.count == rows * columns, "storage does not fit the dimensions")
        self.rows = rows
        self.columns = columns
        self.storage = columnMajor
    }

    /// A matrix from its columns, all of the same length.
    ///
    /// - Complexity: O(rows · columns).
    public init(columns cols: [[Double]]) {
        let r = cols.first?.count ?? 0
        precondition(cols.allSatisfy { $0.count == r }, "columns of different lengths")
        self.rows = r
        self.columns = cols.count
        var s: [Double] = []
        s.reserveCapacity(r * cols.count)
        for c in cols { s.append(contentsOf: c) }
        self.storage = s
    }

    /// A matrix from its rows, all of the same length.
    ///
    /// - Complexity: O(rows · columns).
    public init(rows rowArrays: [[Double]]) {
        let c = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == c }, "rows of different lengths")
        self.rows = rowArrays.count
        self.columns = c
        var s = [Double](repeating: 0, count: rowArrays.count * c)
        for (i, row) in rowArrays.enumerated() {
            for j in 0..<c { s[i + j * rowArrays.count] = row[j] }
        }
        self.storage = s
    }

    /// The n × n identity.
    ///
    /// - Complexity: O(n²).
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// Element (row, column), zero-based.
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { storage[row + column * rows] }
        set { storage[row + column * rows] = newValue }
    }

    /// Column j as an array.
    ///
    /// - Complexity: O(rows).
    public func column(_ j: Int) -> [Double] {
        Array(storage[(j * rows)..<((j + 1) * rows)])
    }

    /// Row i as an array.
    ///
    /// - Complexity: O(columns).
    public func row(_ i: Int) -> [Double] {
        (0..<columns).map { storage[i + $0 * rows] }
    }

    /// The transpose.
    ///
    /// - Complexity: O(rows · columns).
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for j in 0..<columns { for i in 0..<rows { t.storage[j + i * columns] = storage[i + j * rows] } }
        return t
    }

    /// The product A·x.
    ///
    /// - Precondition: `x.count == columns`.
    /// - Complexity: O(rows · columns).
    public func multiply(_ x: [Double]) -> [Double] {
        precondition(x.count == columns, "dimension mismatch")
        var y = [Double](repeating: 0, count: rows)
        for j in 0..<columns {
            let xj = x[j]
            let base = j * rows
            for i in 0..<rows { y[i] += storage[base + i] * xj }
        }
        return y
    }

    /// The product A·B.
    ///
    /// - Precondition: `columns == other.rows`.
    /// - Complexity: O(rows · columns · other.columns).
    public func multiply(_ other: Matrix) -> Matrix {
        precondition(columns == other.rows, "dimension mismatch")
        var c = Matrix(rows: rows, columns: other.columns)
        for j in 0..<other.columns {
            for k in 0..<columns {
                let b = other[k, j]
                if b == 0 { continue }
                for i in 0..<rows { c.storage[i + j * rows] += storage[i + k * rows] * b }
            }
        }
        return c
    }

    /// The index (column-major) of the first NaN or infinite element, or nil.
    ///
    /// - Complexity: O(rows · columns).
    public var firstNonFiniteIndex: Int? {
        storage.firstIndex { !$0.isFinite }
    }

    public var description: String {
        (0..<rows).map { i in (0..<columns).map { String(self[i, $0]) }.joined(separator: " ") }.joined(separator: "\n")
    }
}

extension Matrix {
    /// The polynomial design [1, x, x², …, x^degree] (without the column of ones when
    /// `intercept` is false), one row per x.
    ///
    /// - Complexity: O(n · degree).
    public static func polynomialDesign(_ x: [Double], degree: Int, intercept: Bool = true) -> Matrix {
        precondition(degree >= 0, "negative degree")
        let first = intercept ? 0 : 1
        let p = degree - first + 1
        var m = Matrix(rows: x.count, columns: max(p, 0))
        for (i, xi) in x.enumerated() {
            var power = 1.0
            for k in 0...degree {
                if k >= first { m[i, k - first] = power }
                power *= xi
            }
        }
        return m
    }

    /// The time-trend design for `count` equally spaced observations at t = origin, origin + 1, …:
    /// a polynomial in t of the given degree (1 = linear trend), with an intercept column.
    ///
    /// - Complexity: O(count · degree).
    public static func trendDesign(count: Int, degree: Int = 1, origin: Double = 0, intercept: Bool = true) -> Matrix {
        polynomialDesign((0..<count).map { origin + Double($0) }, degree: degree, intercept: intercept)
    }

    /// The design [1, x₁, x₂, …] (the ones column only when `intercept`) from predictor columns.
    ///
    /// - Complexity: O(n · k).
    public static func design(predictors: [[Double]], intercept: Bool = true) -> Matrix {
        let n = predictors.first?.count ?? 0
        return Matrix(columns: (intercept ? [[Double](repeating: 1, count: n)] : []) + predictors)
    }
}
