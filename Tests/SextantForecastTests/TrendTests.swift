import Foundation
import Testing
@testable import SextantForecast
import SextantNumerics

@Suite("Trend lines against statsmodels and scipy on the Nile series")
struct TrendTests {
    let ols: [String: Any]
    let y: [Double]
    init() throws {
        ols = try loadJSON("datasets/reference/nile_ols_trend.json")
        y = try nileSeries()
    }

    func fit(_ label: String) -> [String: Any] { (ols["fits"] as! [String: Any])[label] as! [String: Any] }

    @Test("Student t quantile t(0.975, 98) to 1e-12")
    func tQuantile() {
        let ref = (fit("x=t (t=year-1871, 0..99)")["t_crit_0.975_df98"] as! NSNumber).doubleValue
        #expect(relativeError(studentTQuantile(0.975, degreesOfFreedom: 98), ref) < 1e-12)
    }

    @Test("OLS trend, its 95% confidence and prediction intervals for 10 steps to 1e-10", arguments: [
        "x=t (t=year-1871, 0..99)", "x=year",
    ])
    func classical(label: String) throws {
        let ref = fit(label)
        let x = label == "x=year" ? doubles((ols["data"] as! [String: Any])["year"]) : nil
        let trend = try LinearTrend(y, x: x, covariance: .classical)
        let params = doubles(ref["params[b0,b1]"]), bse = doubles(ref["bse"])
        #expect(relativeError(trend.intercept, params[0]) < 1e-10)
        #expect(relativeError(trend.slope, params[1]) < 1e-10)
        #expect(relativeError(trend.standardErrors.intercept, bse[0]) < 1e-10)
        #expect(relativeError(trend.standardErrors.slope, bse[1]) < 1e-10)
        let f = ref["forecast"] as! [String: Any]
        let xNew = doubles(f["x_new"])
        #expect(maxRelativeError(xNew.map(trend.predict(at:)), doubles(f["mean"])) < 1e-10)
        #expect(maxRelativeError(xNew.map { trend.meanVariance(at: $0).squareRoot() }, doubles(f["mean_se"])) < 1e-10)
        #expect(maxRelativeError(xNew.map { trend.confidenceInterval(at: $0).lower }, doubles(f["mean_ci_lower"])) < 1e-10)
        #expect(maxRelativeError(xNew.map { trend.confidenceInterval(at: $0).upper }, doubles(f["mean_ci_upper"])) < 1e-10)
        #expect(maxRelativeError(xNew.map { trend.predictionInterval(at: $0).lower }, doubles(f["pred_interval_lower (obs_ci)"])) < 1e-10)
        #expect(maxRelativeError(xNew.map { trend.predictionInterval(at: $0).upper }, doubles(f["pred_interval_upper (obs_ci)"])) < 1e-10)
        // The forecast API gives the same prediction intervals at the next 10 steps.
        let fc = trend.forecast(horizon: 10, levels: [95])
        #expect(maxRelativeError(fc.mean, doubles(f["mean"])) < 1e-10)
        #expect(maxRelativeError(fc.bands[0].upper, doubles(f["pred_interval_upper (obs_ci)"])) < 1e-10)
    }

    @Test("Newey-West covariance matches statsmodels HAC (use_correction=True)", arguments: [1, 4, 8])
    func neweyWest(lags: Int) throws {
        let ref = try loadJSON("datasets/reference/nile_hac.json")["maxlags=\(lags),use_correction=True"] as! [String: Any]
        let trend = try LinearTrend(y, covariance: .neweyWest(lags: lags, smallSampleCorrection: true))
        let cov = (ref["cov_params"] as! [[NSNumber]]).map { $0.map(\.doubleValue) }
        for i in 0..<2 { for j in 0..<2 { #expect(relativeError(trend.covariance[i][j], cov[i][j]) < 1e-10) } }
        // The automatic lag for n = 100 is floor(4 * 1^(2/9)) = 4.
        #expect(try LinearTrend(y).lags == 4)
    }

    @Test("one Newey-West: LinearTrend's closed form equals LinearRegression's QR path, with and without the correction",
          arguments: [false, true])
    func oneNeweyWest(correction: Bool) throws {
        let estimator = CovarianceEstimator.neweyWest(lags: 4, smallSampleCorrection: correction)
        let trend = try LinearTrend(y, covariance: estimator)
        let t = (0..<y.count).map(Double.init)
        let fit = try LinearRegression.fit(Matrix.design(predictors: [t]), y, covariance: estimator)
        for i in 0..<2 { for j in 0..<2 { #expect(relativeError(trend.covariance[i][j], fit.covariance[i, j]) < 1e-10, "\(i),\(j)") } }
        #expect(trend.lags == 4)
    }

    @Test("Theil-Sen slope, intercept and Sen's interval match scipy.stats.theilslopes")
    func theilSen() throws {
        let ref = try loadJSON("datasets/reference/nile_extra.json")["theil_sen (scipy.stats.theilslopes(y, year, alpha=0.95))"] as! [String: Any]
        let year = doubles((ols["data"] as! [String: Any])["year"])
        let ts = try TheilSenTrend(y, x: year)
        #expect(relativeError(ts.slope, (ref["slope"] as! NSNumber).doubleValue) < 1e-12)
        #expect(relativeError(ts.intercept, (ref["intercept"] as! NSNumber).doubleValue) < 1e-12)
        #expect(relativeError(ts.slopeInterval.lower, (ref["slope_low_95"] as! NSNumber).doubleValue) < 1e-12)
        #expect(relativeError(ts.slopeInterval.upper, (ref["slope_high_95"] as! NSNumber).doubleValue) < 1e-12)
        // An outlier moves OLS but barely moves Theil-Sen.
        var spiked = y
        spiked[99] = 5000
        let robust = try TheilSenTrend(spiked, x: year)
        let ols = try LinearTrend(spiked, x: year, covariance: .classical)
        #expect(abs(robust.slope - ts.slope) < 0.3)
        #expect(abs(ols.slope - (-2.714)) > 1)
        let fc = robust.forecast(horizon: 5)
        #expect(fc.isFinite && fc.bands.allSatisfy { zip($0.lower, $0.upper).allSatisfy { $0 < $1 } })
    }
}
