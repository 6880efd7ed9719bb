import Foundation

/// A series in the TCPD JSON format (`datasets/tcpd/schema.json`): `name`, `n_obs`, `n_dim`,
/// `time`, and `series`, an array of `n_dim` objects whose `raw` arrays hold the values (`null`
/// for a missing value).
public struct TCPDSeries: Sendable, Decodable {
    public struct Dimension: Sendable, Decodable {
        public var label: String?
        public var raw: [Double?]
    }

    public var name: String
    public var n_obs: Int
    public var n_dim: Int
    public var series: [Dimension]

    /// The dimensions with missing values filled by the previous observed value (the first observed
    /// value before it), and how many were filled.
    public func filledDimensions() -> (values: [[Double]], filled: Int) {
        var filled = 0
        let dims = series.map { d -> [Double] in
            let firstObserved = d.raw.first(where: { $0 != nil }) ?? 0
            var last = firstObserved ?? 0
            return d.raw.map { v in
                if let v { last = v; return v }
                filled += 1
                return last
            }
        }
        return (dims, filled)
    }
}

/// F1 and cover of the default (or a given) detector over TCPD series, as in TCPDBench.
public struct TCPDScore: Sendable, Hashable {
    public var name: String
    public var count: Int
    public var predictions: [Int]
    public var f1: Double
    public var cover: Double

    /// Runs `detector` on `series` and scores it against `annotations` (annotator id -> change points).
    public static func evaluate(
        _ series: TCPDSeries, annotations: [String: [Int]], detector: ChangePointDetector
    ) throws(ChangePointInputError) -> TCPDScore {
        let (dims, _) = series.filledDimensions()
        let n = dims.first?.count ?? 0
        let result = try detector.detect(dimensions: dims)
        let predictions = TCPDMetrics.clean(result.changePoints.map(\.index), count: n)
        let sets = annotations.keys.sorted().map { annotations[$0]! }
        return TCPDScore(
            name: series.name, count: n, predictions: predictions,
            f1: TCPDMetrics.f1(annotations: sets, predictions: predictions),
            cover: TCPDMetrics.cover(annotations: sets, predictions: predictions, count: n))
    }
}
