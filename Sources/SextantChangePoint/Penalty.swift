import Foundation

/// The penalty of a penalised-likelihood segmentation (PELT, binary segmentation).
///
/// Costs are twice the negative Gaussian log-likelihood of data standardised to unit noise, so
/// penalties are in the same units as in R's `changepoint` package (Killick and Eckley 2014,
/// `penalty_decision`), where `diffparam` is 1 for a change in mean and 2 for mean and variance; a change of level and
/// slope (``CostModel/linear``) also changes two parameters per segment, so it is penalised as R
/// penalises `meanvar`:
///
/// - `bic`  (R's "BIC"/"SIC"): `(diffparam + 1) * log(n)` per change point, i.e. `2 log n` for the
///   mean, `3 log n` for mean and variance.
/// - `mbic` (R's "MBIC", Zhang and Siegmund 2007): `(diffparam + 2) * log(n)` per change point,
///   i.e. `3 log n` for the mean, `4 log n` for mean and variance, **plus** `log(n_j)` added to the
///   cost of every segment of length `n_j` (R's `mbic_mean`/`mbic_meanvar` cost functions). The full
///   objective minimised is therefore
///   `sum_j [C(y_j) + log n_j] + k * (diffparam + 2) * log n` for `k` change points and `k + 1`
///   segments. (Zhang and Siegmund's form `3k log n + sum_j log(n_j / n)` differs from R's by the
///   constant `(k + 1) log n`; we follow R so that results agree with `cpt.mean(..., penalty="MBIC")`.)
/// - `manual(β)`: `β` per change point, no segment term.
public enum Penalty: Sendable, Hashable {
    case bic
    case mbic
    case manual(Double)

    /// Parses `mbic`, `bic` (or `sic`) or a non-negative number.
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "mbic": self = .mbic
        case "bic", "sic": self = .bic
        default:
            guard let v = Double(text), v.isFinite, v >= 0 else { return nil }
            self = .manual(v)
        }
    }

    /// The per-change-point penalty for a series of length `n` under `model` (`diffparam` 1 for
    /// the mean, 2 for mean and variance and for level and slope).
    public func value(n: Int, model: CostModel) -> Double {
        let diffparam: Double = model == .mean ? 1 : 2
        let logn = log(Double(max(n, 2)))
        switch self {
        case .bic: return (diffparam + 1) * logn
        case .mbic: return (diffparam + 2) * logn
        case .manual(let b): return b
        }
    }

    /// Whether `log(n_j)` is added to each segment's cost (MBIC only).
    public var addsSegmentLengthTerm: Bool {
        if case .mbic = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .bic: return "bic"
        case .mbic: return "mbic"
        case .manual(let b): return String(b)
        }
    }
}
