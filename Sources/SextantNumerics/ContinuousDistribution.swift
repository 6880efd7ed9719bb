#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A continuous probability distribution on the real line with tail-accurate functions.
///
/// `survival(x)` is computed directly, never as `1 - cdf(x)`, so upper-tail p-values keep their
/// relative accuracy down to the smallest normal double; likewise `inverseSurvival(q)` inverts the
/// upper tail without forming `1 - q`.
public protocol ContinuousDistribution: Sendable {
    /// The probability density at `x`.
    func density(_ x: Double) -> Double
    /// P(X ≤ x).
    func cdf(_ x: Double) -> Double
    /// P(X > x), computed without cancellation.
    func survival(_ x: Double) -> Double
    /// The x with P(X ≤ x) = p.
    func quantile(_ p: Double) -> Double
    /// The x with P(X > x) = q.
    func inverseSurvival(_ q: Double) -> Double
}

/// A distribution on (0, ∞) whose quantiles are found by ``invertTail`` from a starting guess:
/// the chi-square and F distributions share their `quantile` and `inverseSurvival` through it.
protocol PositiveSupportInversion: ContinuousDistribution {
    /// A starting point for the root of P(X ≤ x) = p (`upper` false) or P(X > x) = p (`upper` true).
    func start(_ p: Double, upper: Bool) -> Double
}

extension PositiveSupportInversion {
    /// The quantile by inverting the smaller tail: the cdf for p ≤ ½, the survival function above.
    func positiveQuantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return 0 }
        if p == 1 { return .infinity }
        if p > 0.5 { return positiveInverseSurvival(1 - p) }
        return invertTail(target: p, start: start(p, upper: false), lower: 0, upper: .infinity, increasing: true,
                          tail: { self.cdf($0) }, density: { self.density($0) })
    }

    /// The inverse survival function by inverting the smaller tail.
    func positiveInverseSurvival(_ q: Double) -> Double {
        if q.isNaN || q < 0 || q > 1 { return .nan }
        if q == 0 { return .infinity }
        if q == 1 { return 0 }
        if q > 0.5 { return positiveQuantile(1 - q) }
        return invertTail(target: q, start: start(q, upper: true), lower: 0, upper: .infinity, increasing: false,
                          tail: { self.survival($0) }, density: { self.density($0) })
    }
}

/// Solves `tail(x) = target` for x on (lower, upper) where `tail` is the cdf (`increasing`)
/// or the survival function, by Newton's method on the logarithm of the tail probability,
/// log F(x) − log p, whose derivative is f(x)/F(x); a bracket is maintained and bisection
/// (geometric bisection across decades) is used whenever a Newton step leaves it.
///
/// The log transform makes the iteration well behaved deep in the tails (log F is close to
/// linear or concave there), where Newton on F itself would overshoot.
///
/// - Complexity: O(log(1/ε)) evaluations near the root; O(log range) bisection steps at worst.
@usableFromInline
func invertTail(
    target p: Double, start: Double, lower: Double, upper: Double, increasing: Bool,
    tail: (Double) -> Double, density: (Double) -> Double
) -> Double {
    var lo = lower, hi = upper
    var x = min(max(start, lo), hi)
    if !(x > lo && x < hi) { x = lo.isFinite && hi.isFinite ? (lo + hi) / 2 : (lo.isFinite ? lo + 1 : (hi.isFinite ? hi - 1 : 0)) }
    let logp = log(p)
    for _ in 0..<400 {
        let F = tail(x)
        if F == p { return x }
        // For the cdf: F(x) > p means x is above the root.
        let above = increasing ? (F > p) : (F < p)
        if above { hi = x } else { lo = x }
        let f = density(x)
        var next: Double
        if F > 0 && f > 0 {
            let g = log(F) - logp
            let dg = (increasing ? f : -f) / F
            next = x - g / dg
        } else {
            next = .nan
        }
        if !(next > lo && next < hi) {
            // Bisection; across wide positive brackets bisect the exponent.
            if lo.isFinite && hi.isFinite {
                if lo > 0 && hi / lo > 16 { next = sqrt(lo) * sqrt(hi) }
                else if hi < 0 && lo / hi > 16 { next = -sqrt(-lo) * sqrt(-hi) }
                else { next = lo + (hi - lo) / 2 }
            } else if hi.isFinite {
                next = hi > 0 ? (hi - 2 * max(1, abs(hi))) : hi * 2 - 1
            } else if lo.isFinite {
                next = lo < 0 ? (lo + 2 * max(1, abs(lo))) : lo * 2 + 1
            } else {
                next = 0
            }
        }
        if abs(next - x) <= 4 * Double.ulpOfOne * abs(x) || next == x { return next }
        if lo.isFinite && hi.isFinite && (hi - lo) <= 2 * Double.ulpOfOne * max(abs(lo), abs(hi)) { return next }
        x = next
    }
    return x
}
