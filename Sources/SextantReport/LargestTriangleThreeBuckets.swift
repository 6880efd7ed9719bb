/// Largest-triangle-three-buckets downsampling (Steinarsson, "Downsampling Time Series for Visual
/// Representation", MSc thesis, University of Iceland, 2013, section 4.2), for DRAWING ONLY.
///
/// Keeps the first and the last point; splits the others into `threshold - 2` buckets of (nearly)
/// equal count; from each bucket keeps the point that forms the largest triangle with the point kept
/// from the previous bucket and the mean of the next bucket. The result follows the visual shape of
/// the line (peaks and steps survive, unlike every-k-th sampling or bucket means). No statistic of
/// Sextant is computed on downsampled values: change points, levels, trends and forecasts are computed
/// on every run before any drawing; the dashboard only draws fewer points when there are more runs than
/// pixels, and says so on the page.
///
/// The page's script (``Dashboard``) re-runs the same algorithm over the visible window when a chart
/// is zoomed, so that a zoomed window shows every run again once it holds fewer runs than the threshold.
public enum LargestTriangleThreeBuckets {
    /// Indices (ascending) of the points to draw out of `y` at x positions `x` (the same count).
    ///
    /// Every index when `threshold >= y.count` or `threshold < 3` (nothing to gain below three).
    /// - Complexity: O(n) time (each point is visited twice: once in its bucket, once in the next
    ///   bucket's mean), O(threshold) extra memory.
    public static func indices(x: [Double], y: [Double], threshold: Int) -> [Int] {
        let n = min(x.count, y.count)
        guard threshold >= 3, n > threshold else { return Array(0..<n) }
        var out: [Int] = [0]
        out.reserveCapacity(threshold)
        let every = Double(n - 2) / Double(threshold - 2)
        var a = 0
        for bucket in 0..<(threshold - 2) {
            // The next bucket's mean point (the last point for the last bucket).
            let nextStart = Int(Double(bucket + 1) * every) + 1
            let nextEnd = min(Int(Double(bucket + 2) * every) + 1, n)
            var meanX = 0.0, meanY = 0.0
            if nextStart < nextEnd {
                for i in nextStart..<nextEnd { meanX += x[i]; meanY += y[i] }
                meanX /= Double(nextEnd - nextStart); meanY /= Double(nextEnd - nextStart)
            } else {
                meanX = x[n - 1]; meanY = y[n - 1]
            }
            // This bucket's range.
            let start = Int(Double(bucket) * every) + 1
            let end = min(Int(Double(bucket + 1) * every) + 1, n - 1)
            var best = start, bestArea = -1.0
            for i in start..<max(end, start + 1) {
                // Twice the triangle's area (the factor does not change the arg max).
                let area = abs((x[a] - meanX) * (y[i] - y[a]) - (x[a] - x[i]) * (meanY - y[a]))
                if area > bestArea { bestArea = area; best = i }
            }
            out.append(best)
            a = best
        }
        out.append(n - 1)
        return out
    }

    /// ``indices(x:y:threshold:)`` with x = 0, 1, 2, ... (runs equally spaced).
    /// - Complexity: O(n).
    public static func indices(_ y: [Double], threshold: Int) -> [Int] {
        indices(x: (0..<y.count).map(Double.init), y: y, threshold: threshold)
    }
}
