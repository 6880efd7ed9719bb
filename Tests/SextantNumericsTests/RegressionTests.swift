import Foundation
import Testing
@testable import SextantNumerics

@Suite("Linear regression against statsmodels")
struct RegressionTests {
    static func data() throws -> (JSON, Matrix, [Double]) {
        let f = try fixture("regression.json")
        let x = Matrix.design(predictors: [f["x1"].doubles, f["x2"].doubles])
        return (f, x, f["y"].doubles)
    }

    static func compare(_ fit: RegressionFit, _ ref: JSON, tol: Double = 1e-10, label: String) {
        func close(_ a: [Double], _ b: [Double], _ what: String) {
            #expect(a.count == b.count)
            for (u, v) in zip(a, b) { #expect(relativeError(u, v) <= tol, "\(label) \(what): \(u) vs \(v)") }
        }
        close(fit.coefficients, ref["params"].doubles, "params")
        close(fit.standardErrors, ref["bse"].doubles, "bse")
        close(fit.tStatistics, ref["tvalues"].doubles, "t")
        close(fit.pValues, ref["pvalues"].doubles, "p")
        let ci = fit.confidenceIntervals(level: 0.95)
        close(ci.map(\.lower), ref["conf_int"].array.map { $0[0].double }, "ci lower")
        close(ci.map(\.upper), ref["conf_int"].array.map { $0[1].double }, "ci upper")
        close(fit.covariance.transposed.storage, ref["cov"].array.flatMap(\.doubles), "cov")
        close([fit.rSquared, fit.adjustedRSquared, fit.fStatistic, fit.fPValue, fit.residualStandardDeviation],
              [ref["rsquared"].double, ref["rsquared_adj"].double, ref["fvalue"].double, ref["f_pvalue"].double, ref["scale_sqrt"].double], "summary")
    }

    @Test("OLS: coefficients, SEs, t, p, CIs, covariance, R², adjusted R², F, mean CI and prediction interval")
    func ols() throws {
        let (f, x, y) = try Self.data()
        let fit = try LinearRegression.fit(x, y)
        Self.compare(fit, f["ols"], label: "OLS")
        let p = fit.predict(f["new"].doubles, level: 0.9)
        let r = f["ols"]["predict90"]
        #expect(relativeError(p.mean, r["mean"].double) <= 1e-10)
        #expect(relativeError(p.standardError, r["mean_se"].double) <= 1e-10)
        #expect(relativeError(p.confidenceInterval.lower, r["ci"][0].double) <= 1e-10)
        #expect(relativeError(p.confidenceInterval.upper, r["ci"][1].double) <= 1e-10)
        #expect(relativeError(p.predictionInterval.lower, r["pi"][0].double) <= 1e-10)
        #expect(relativeError(p.predictionInterval.upper, r["pi"][1].double) <= 1e-10)
    }

    @Test("WLS with weights agrees with statsmodels WLS, including the prediction interval for a unit-weight observation")
    func wls() throws {
        let (f, x, y) = try Self.data()
        let fit = try LinearRegression.fit(x, y, weights: f["w"].doubles)
        Self.compare(fit, f["wls"], label: "WLS")
        let p = fit.predict(f["new"].doubles, level: 0.9)
        #expect(relativeError(p.predictionInterval.lower, f["wls"]["predict90"]["pi"][0].double) <= 1e-10)
        #expect(relativeError(p.confidenceInterval.upper, f["wls"]["predict90"]["ci"][1].double) <= 1e-10)
    }

    @Test("Newey-West HAC (Bartlett, no small-sample correction) agrees with statsmodels cov_type='HAC'")
    func neweyWest() throws {
        let (f, x, y) = try Self.data()
        let fit3 = try LinearRegression.fit(x, y, covariance: .neweyWest(lags: 3))
        #expect(relativeError(fit3.standardErrors[1], f["hac3"]["bse"][1].double) <= 1e-10)
        for (a, b) in zip(fit3.standardErrors, f["hac3"]["bse"].doubles) { #expect(relativeError(a, b) <= 1e-10) }
        for (a, b) in zip(fit3.pValues, f["hac3"]["pvalues"].doubles) { #expect(relativeError(a, b) <= 1e-10) }
        let auto = try LinearRegression.fit(x, y, covariance: .neweyWest(lags: nil))
        for (a, b) in zip(auto.standardErrors, f["hac_auto"]["bse"].doubles) { #expect(relativeError(a, b) <= 1e-10) }
    }

    @Test("a duplicated column is reported by index, never dropped; the SVD path returns the rank")
    func rankDeficient() throws {
        let x1 = (0..<10).map { Double($0) }
        let y = x1.map { 1 + 2 * $0 + ($0.truncatingRemainder(dividingBy: 3) - 1) * 0.1 }
        let x = Matrix.design(predictors: [x1, x1.map { 3 * $0 }])
        #expect(throws: RegressionError.rankDeficient(columns: [2], rank: 2)) { try LinearRegression.fit(x, y) }
        let svd = try SVDLeastSquares(x, y)
        #expect(svd.rank == 2)
        // The minimum-norm solution splits the slope between the two collinear columns: b1 + 3 b2 = slope.
        let ols = try LinearRegression.fit(Matrix.design(predictors: [x1]), y)
        #expect(abs(svd.solution[1] + 3 * svd.solution[2] - ols.coefficients[1]) < 1e-12)
        #expect(abs(svd.solution[0] - ols.coefficients[0]) < 1e-12)
        let zero = Matrix.design(predictors: [x1, [Double](repeating: 0, count: 10)])
        #expect(throws: RegressionError.rankDeficient(columns: [2], rank: 2)) { try LinearRegression.fit(zero, y) }
    }

    @Test("bad input is named: non-finite cell, non-finite response, bad weight, sizes, too few rows")
    func badInput() throws {
        var x = Matrix.design(predictors: [[1, 2, 3, 4, 5]])
        let y = [1.0, 2.5, 2.9, 4.2, 5.1]
        x[3, 1] = .nan
        #expect(throws: RegressionError.self) { try LinearRegression.fit(x, y) }
        do { _ = try LinearRegression.fit(x, y) } catch let e as RegressionError {
            guard case .nonFinite(let row, let column, _) = e else { Issue.record("wrong error \(e)"); return }
            #expect(row == 3 && column == 1)
        }
        let good = Matrix.design(predictors: [[1, 2, 3, 4, 5]])
        #expect(throws: RegressionError.nonFinite(row: 2, column: nil, value: .infinity)) { try LinearRegression.fit(good, [1, 2, .infinity, 4, 5]) }
        #expect(throws: RegressionError.invalidWeight(row: 1, value: 0)) { try LinearRegression.fit(good, y, weights: [1, 0, 1, 1, 1]) }
        #expect(throws: RegressionError.dimensionMismatch("design has 5 rows but there are 4 responses")) { try LinearRegression.fit(good, [1, 2, 3, 4]) }
        #expect(throws: RegressionError.tooFewObservations(observations: 2, parameters: 2)) {
            try LinearRegression.fit(Matrix.design(predictors: [[1, 2]]), [1, 2])
        }
        #expect(throws: LapackError.self) { try QRFactorization(Matrix(rows: 2, columns: 3)) }
    }

    @Test("polynomial and trend designs")
    func designs() {
        let m = Matrix.polynomialDesign([2, 3], degree: 3)
        #expect(m.row(1) == [1, 3, 9, 27])
        #expect(Matrix.polynomialDesign([2], degree: 2, intercept: false).row(0) == [2, 4])
        let t = Matrix.trendDesign(count: 3, degree: 1, origin: 1)
        #expect(t.column(1) == [1, 2, 3])
        #expect(t.column(0) == [1, 1, 1])
    }
}

@Suite("LAPACK illegal arguments")
struct LapackErrorTests {
    @Test("an illegal argument in the Fortran routine is intercepted by the xerbla_ override and thrown; the run goes on")
    func fortran() {
        let o = LapackProbe.fortranIllegalArgument()
        #expect(o.info == -2)  // LAPACKE numbers one higher than Fortran's argument 1 (M)
        #expect(o.intercepted, "xerbla_ override was not called (the library's own xerbla ran)")
        #expect(o.routine.uppercased() == "DGEQRF")
        #expect(o.error == LapackError(.illegalArgument(position: 1), routine: "dgeqrf"))
        #expect(throws: LapackError(.illegalArgument(position: 1), routine: "dgeqrf")) { try o.get() }
        print("xerbla probe: Fortran dgeqrf M=-1 -> info \(o.info), intercepted \(o.intercepted), routine \(o.routine)")
    }

    @Test("an illegal argument caught by LAPACKE is intercepted by the LAPACKE_xerbla override")
    func lapacke() {
        let o = LapackProbe.lapackeIllegalArgument()
        #expect(o.info == -1)
        #expect(o.intercepted && o.fromLAPACKE, "LAPACKE_xerbla override was not called")
        #expect(throws: LapackError.self) { try o.get() }
        print("xerbla probe: LAPACKE layout=0 -> info \(o.info), intercepted \(o.intercepted), routine \(o.routine)")
    }
}
