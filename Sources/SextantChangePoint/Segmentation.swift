/// A segmentation of `0..<n`: the 0-based first index of every segment but the first.
public struct Segmentation: Sendable, Hashable {
    /// Sorted change points `0 < c_1 < ... < c_k < n`; `c_j` is the first point of segment `j + 1`.
    public var changePoints: [Int]
    /// The minimised penalised objective `sum of segment costs + k * penalty` (for binary
    /// segmentation, the objective of the returned segmentation).
    public var objective: Double

    public init(changePoints: [Int], objective: Double) {
        self.changePoints = changePoints
        self.objective = objective
    }
}
