/// Derivative-free minimisation by the Nelder-Mead simplex method.
///
/// Nelder, J. A. and Mead, R. (1965). "A simplex method for function minimization."
/// The Computer Journal 7(4), 308-313; with the standard coefficients (reflection 1, expansion 2,
/// contraction 1/2, shrink 1/2) and Gao and Han's remark that these suit small dimensions.
/// Bounds are the caller's business: `SextantForecast` maps bounded parameters through a logistic
/// transform so that every point of ℝⁿ is admissible, and returns `+∞` for a point whose
/// recursion breaks (a non-positive one-step forecast under multiplicative errors), which the
/// simplex then contracts away from.
///
/// Stopping: the relative spread of function values over the simplex falls below `tolerance`
/// (as R's `optim`: `|f_max - f_min| <= tol·(|f_min| + tol)`), or `maxEvaluations` is reached.
/// Optional restarts from the best vertex with a fresh simplex guard against premature collapse
/// (a known weakness of the method on flat valleys such as exponential smoothing likelihoods).
///
/// - Complexity: O(k · d) time for k function evaluations in dimension d, plus the evaluations.
struct NelderMead {
    var tolerance: Double = 1e-8
    var maxEvaluations: Int = 2_000
    var restarts: Int = 1

    struct Result {
        var point: [Double]
        var value: Double
        var evaluations: Int
    }

    func minimize(start: [Double], steps: [Double], _ f: ([Double]) -> Double) -> Result {
        var best = Result(point: start, value: f(start), evaluations: 1)
        var used = 1
        for round in 0...restarts {
            let result = run(start: best.point, startValue: best.value, steps: steps, budget: maxEvaluations - used, f)
            used += result.evaluations
            let improved = result.value < best.value - tolerance * (abs(best.value) + tolerance)
            if result.value < best.value { best.point = result.point; best.value = result.value }
            if round > 0 && !improved { break }
            if used >= maxEvaluations { break }
        }
        best.evaluations = used
        return best
    }

    private func run(
        start: [Double], startValue: Double, steps: [Double], budget: Int, _ f: ([Double]) -> Double
    ) -> Result {
        let d = start.count
        var simplex = [start]
        var values = [startValue]
        var evaluations = 0
        for i in 0..<d {
            var p = start
            p[i] += steps[i]
            simplex.append(p)
            values.append(f(p))
            evaluations += 1
        }
        var centroid = [Double](repeating: 0, count: d)
        var trial = [Double](repeating: 0, count: d)
        var trial2 = [Double](repeating: 0, count: d)
        while evaluations < budget {
            // Order: best first, worst last (insertion sort, d <= 5).
            for i in 1...d {
                var j = i
                while j > 0 && values[j] < values[j - 1] {
                    values.swapAt(j, j - 1)
                    simplex.swapAt(j, j - 1)
                    j -= 1
                }
            }
            let fBest = values[0], fWorst = values[d]
            if fWorst.isFinite && abs(fWorst - fBest) <= tolerance * (abs(fBest) + tolerance) { break }
            for k in 0..<d {
                var s = 0.0
                for i in 0..<d { s += simplex[i][k] }
                centroid[k] = s / Double(d)
            }
            for k in 0..<d { trial[k] = centroid[k] + (centroid[k] - simplex[d][k]) }
            let fReflect = f(trial)
            evaluations += 1
            if fReflect < fBest {
                for k in 0..<d { trial2[k] = centroid[k] + 2 * (centroid[k] - simplex[d][k]) }
                let fExpand = f(trial2)
                evaluations += 1
                if fExpand < fReflect {
                    simplex[d] = trial2; values[d] = fExpand
                } else {
                    simplex[d] = trial; values[d] = fReflect
                }
            } else if fReflect < values[d - 1] {
                simplex[d] = trial; values[d] = fReflect
            } else {
                let outside = fReflect < fWorst
                for k in 0..<d {
                    trial2[k] = outside
                        ? centroid[k] + 0.5 * (trial[k] - centroid[k])
                        : centroid[k] + 0.5 * (simplex[d][k] - centroid[k])
                }
                let fContract = f(trial2)
                evaluations += 1
                if fContract < min(fReflect, fWorst) {
                    simplex[d] = trial2; values[d] = fContract
                } else {
                    for i in 1...d {
                        for k in 0..<d { simplex[i][k] = simplex[0][k] + 0.5 * (simplex[i][k] - simplex[0][k]) }
                        values[i] = f(simplex[i])
                        evaluations += 1
                    }
                }
            }
        }
        var bestIndex = 0
        for i in 1...d where values[i] < values[bestIndex] { bestIndex = i }
        return Result(point: simplex[bestIndex], value: values[bestIndex], evaluations: evaluations)
    }
}
