/// Evaluation metrics of the Turing Change Point Detection benchmark (van den Burg and Williams
/// 2020, "An evaluation of change point detection algorithms", arXiv:2003.06222, section 4), defined
/// exactly as TCPDBench's `metrics.py`.
public enum TCPDMetrics {
    /// Predictions as TCPDBench scores them: restricted to `1 <= x < n - 1`, de-duplicated, sorted.
    public static func clean(_ predictions: [Int], count n: Int) -> [Int] {
        Array(Set(predictions.filter { $0 >= 1 && $0 < n - 1 })).sorted()
    }

    /// Annotations matched by predictions within `margin`: each annotation (in increasing order)
    /// takes the nearest unused prediction (the smaller on ties).
    /// - Complexity: O(|T| |X|).
    static func truePositives(_ truth: Set<Int>, _ predictions: Set<Int>, margin: Int) -> Int {
        var available = predictions
        var count = 0
        for tau in truth.sorted() {
            var best: Int?
            for x in available where abs(tau - x) <= margin {
                if let b = best {
                    let (db, dx) = (abs(tau - b), abs(tau - x))
                    if dx < db || (dx == db && x < b) { best = x }
                } else {
                    best = x
                }
            }
            if let b = best { available.remove(b); count += 1 }
        }
        return count
    }

    /// F1 (`alpha = 1/2`) with index 0 added to every annotator's set and to the predictions;
    /// precision is against the union of all annotators, recall is averaged over annotators.
    /// - Complexity: O(K |T| |X|) for K annotators.
    public static func f1(annotations: [[Int]], predictions: [Int], margin: Int = 5) -> Double {
        guard !annotations.isEmpty else { return .nan }
        let x = Set(predictions).union([0])
        let sets = annotations.map { Set($0).union([0]) }
        let union = sets.reduce(Set<Int>()) { $0.union($1) }
        let precision = Double(truePositives(union, x, margin: margin)) / Double(x.count)
        let recall = sets.reduce(0.0) { $0 + Double(truePositives($1, x, margin: margin)) / Double($1.count) }
            / Double(sets.count)
        let denominator = 0.5 * recall + 0.5 * precision
        return denominator == 0 ? 0 : precision * recall / denominator
    }

    /// Segments `[start, end)` of `0..<n` cut at the given change points (those outside `1..<n` ignored).
    static func partition(_ cps: [Int], count n: Int) -> [Range<Int>] {
        var bounds = [0] + Set(cps.filter { $0 > 0 && $0 < n }).sorted() + [n]
        bounds = bounds.enumerated().filter { $0.offset == 0 || $0.element != bounds[$0.offset - 1] }.map(\.element)
        return (0..<(bounds.count - 1)).map { bounds[$0]..<bounds[$0 + 1] }
    }

    /// Covering: for each annotator, `(1/n) sum_{A in annotator} |A| max_{P in predicted} J(A, P)`
    /// with the Jaccard index `J`, averaged over annotators.
    /// - Complexity: O(K (a + p)) with a two-pointer sweep over the sorted segments.
    public static func cover(annotations: [[Int]], predictions: [Int], count n: Int) -> Double {
        guard !annotations.isEmpty, n > 0 else { return .nan }
        let predicted = partition(predictions, count: n)
        var total = 0.0
        for a in annotations {
            var c = 0.0
            var j = 0
            for seg in partition(a, count: n) {
                while j < predicted.count && predicted[j].upperBound <= seg.lowerBound { j += 1 }
                var best = 0.0, k = j
                while k < predicted.count && predicted[k].lowerBound < seg.upperBound {
                    let p = predicted[k]
                    let inter = min(p.upperBound, seg.upperBound) - max(p.lowerBound, seg.lowerBound)
                    let uni = max(p.upperBound, seg.upperBound) - min(p.lowerBound, seg.lowerBound)
                    best = max(best, Double(inter) / Double(uni))
                    k += 1
                }
                c += Double(seg.count) * best
            }
            total += c / Double(n)
        }
        return total / Double(annotations.count)
    }
}
