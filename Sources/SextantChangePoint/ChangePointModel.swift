import Foundation

/// What a ``ChangePointDetector`` assumes the series does between change points.
///
/// `auto` (the default) fits both signal models, each with its own exact search and penalty, and
/// keeps the one with the smaller Schwarz criterion (BIC, Schwarz 1978) of the fitted segmentation,
/// with the parameter count of its class: `N log(RSS / N) + P log n`, `N = n d` values, `RSS` the
/// residual sum of squares of the series (in units of its noise scale) about the fitted signal,
/// `P = d (k + 1) + k` for `k` mean shifts and `P = 2 d (k + 1) + k` for `k` changes of level and
/// slope (each segment's parameters and each change's location count once). The variance is
/// estimated (the `N log(RSS / N)` term), so the comparison does not depend on either class's
/// dependence correction. A linear segment costs one parameter more than a level, so steps stay
/// steps; a trend that the mean model can only describe as a staircase of shifts is one linear
/// segment with far fewer parameters. Ties go to the simpler mean model.
public enum ChangePointModel: String, Sendable, Hashable, Codable, CaseIterable {
    /// Change in mean (``CostModel/mean``).
    case mean
    /// Change in mean and variance (``CostModel/meanVariance``).
    case meanVariance = "meanvar"
    /// Change in level and slope (``CostModel/linear``).
    case linear
    /// The better of ``mean`` and ``linear`` by BIC (above).
    case auto

    /// The one cost model, or `nil` for ``auto``.
    public var costModel: CostModel? {
        switch self {
        case .mean: return .mean
        case .meanVariance: return .meanVariance
        case .linear: return .linear
        case .auto: return nil
        }
    }

    /// Schwarz's criterion of a fitted segmentation of `n` points in `d` dimensions with residual sum
    /// of squares `rss` (in noise units) and `k` change points under `model`. `RSS / N` is floored at
    /// `1e-8` so that exactly fitted (quantised, constant) segments stay finite.
    /// - Complexity: O(1).
    public static func schwarzCriterion(rss: Double, n: Int, dimensions d: Int, changePoints k: Int, model: CostModel) -> Double {
        let total = Double(n * max(d, 1))
        let perSegment = Double(max(d, 1)) * (model == .linear ? 2 : model == .meanVariance ? 2 : 1)
        let parameters = perSegment * Double(k + 1) + Double(k)
        return total * log(max(rss / total, 1e-8)) + parameters * log(Double(max(n, 2)))
    }
}
