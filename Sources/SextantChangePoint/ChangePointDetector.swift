import Foundation
import SextantNumerics

/// The search method of a ``ChangePointDetector``.
public enum ChangePointMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// ``PELT``: the exact penalised-likelihood optimum.
    case pelt
    /// ``BinarySegmentation``: greedy, same costs and penalties.
    case binseg
    /// ``EDivisive``: nonparametric, permutation test.
    case edivisive
    /// ``OtavaEDivisive``: Apache Otava's windowed E-divisive with Student's t-test (raw values,
    /// for reproducing Otava; robustness options do not apply).
    case otava
}

/// Everything that decides a detection. The defaults are the ones evaluated on TCPD
/// (docs/changepoints.md) and the reasons for each are given beside it.
public struct ChangePointConfiguration: Sendable, Hashable {
    /// PELT: exact, O(n) expected, so there is no reason to prefer a greedy search by default.
    public var method: ChangePointMethod = .pelt
    /// `auto`: the better of a change in mean and a change in level and slope by the Schwarz
    /// criterion with each class's parameter count (``ChangePointModel``). Benchmark regressions are
    /// level shifts, but real histories also drift and trend, and a mean-only model cuts a trend into
    /// a staircase of false regressions and improvements; a variance model also fires on noise
    /// bursts that are not regressions, so it is not a candidate.
    public var model: ChangePointModel = .auto
    /// MBIC (Zhang and Siegmund 2007), R's `changepoint` default: consistent, and more conservative
    /// than BIC, which over-segments long series.
    public var penalty: Penalty = .mbic
    /// 3: a level must persist for three runs before it is called a new level; shorter excursions
    /// are treated as outliers (see ``RobustStandardisation``).
    public var minimumSegmentLength: Int = 3
    /// Standardise by a robust noise scale and winsorise against a running median
    /// (``RobustStandardisation``). Makes penalties scale-free and isolated outliers harmless.
    public var robust: Bool = true
    /// The metric's direction, for the regression / improvement verdict.
    public var direction: Direction = .lowerIsBetter
    /// Level of the relative-change confidence intervals.
    public var confidenceLevel: Double = 0.95
    /// E-divisive: permutation-test level, number of permutations and seed.
    public var significance: Double = 0.05
    public var permutations: Int = 199
    public var seed: UInt64 = 0x5E57A47
    /// Otava mode: `window_len`, `max_pvalue`, `min_magnitude` (Otava's defaults).
    public var windowLength: Int = 50
    public var maxPValue: Double = 0.001
    public var minMagnitude: Double = 0

    public init() {}
}

/// Level of one segment on either side of a change point, in the series' own units.
public struct SegmentLevel: Sendable, Hashable, Codable {
    /// 0-based index of the segment's first point.
    public var start: Int
    public var count: Int
    public var mean: Double
    public var median: Double
    /// Under the linear model (``CostModel/linear``): the least-squares slope per run of the
    /// segment and its confidence interval (Student's t with `count - 2` degrees of freedom on the
    /// OLS standard error, inflated by the detector's long-run variance factor for serially
    /// dependent noise); `nil` under the mean models.
    public var slope: Double?
    public var slopeLower: Double?
    public var slopeUpper: Double?

    public init(start: Int, count: Int, mean: Double, median: Double, slope: Double? = nil,
                slopeLower: Double? = nil, slopeUpper: Double? = nil) {
        self.start = start
        self.count = count
        self.mean = mean
        self.median = median
        self.slope = slope
        self.slopeLower = slopeLower
        self.slopeUpper = slopeUpper
    }
}

/// One detected change point with its effect and evidence.
public struct DetectedChangePoint: Sendable, Hashable, Codable {
    /// 0-based index of the first point of the new segment.
    public var index: Int
    public var before: SegmentLevel
    public var after: SegmentLevel
    /// `mean_after / mean_before - 1`.
    public var relativeChange: Double
    /// Confidence interval of ``relativeChange`` (delta method on the log ratio of means with
    /// Welch-Satterthwaite degrees of freedom; on the ratio itself if a mean is not positive);
    /// `nil` when a side has fewer than two points.
    public var relativeChangeLower: Double?
    public var relativeChangeUpper: Double?
    /// Two-sided p-value: permutation test (E-divisive), Student's t (Otava mode), or Welch's t-test
    /// between the two adjacent segments (PELT, binary segmentation; computed after selection, so it
    /// is optimistic and descriptive only).
    public var pValue: Double?
    /// PELT / binary segmentation: the cost reduction of keeping this change point minus its
    /// penalty, in units of twice the log-likelihood (> 0 for every reported point).
    public var penaltyMargin: Double?
    public var kind: ChangeKind
}

/// The result of a detection; `note` says why there are none when the input is degenerate.
public struct ChangePointResult: Sendable, Hashable {
    public var changePoints: [DetectedChangePoint]
    public var note: String?
    /// Noise scale used for standardisation (robust mode), in the series' units.
    public var noiseScale: Double?
    /// PELT / binary segmentation: the cost model of the reported segmentation (under `auto`, the
    /// one the Schwarz criterion chose).
    public var model: CostModel?
    /// PELT / binary segmentation: every segment between the change points (with its slope under
    /// the linear model), so that a trend is reported as a trend.
    public var segments: [SegmentLevel]

    public init(changePoints: [DetectedChangePoint], note: String? = nil, noiseScale: Double? = nil,
                model: CostModel? = nil, segments: [SegmentLevel] = []) {
        self.changePoints = changePoints
        self.note = note
        self.noiseScale = noiseScale
        self.model = model
        self.segments = segments
    }
}

/// Input that cannot be analysed.
public enum ChangePointInputError: Error, Sendable, Hashable, CustomStringConvertible {
    case nonFinite(index: Int, value: Double)
    case mismatchedDimensions

    public var description: String {
        switch self {
        case .nonFinite(let i, let v): return "value \(v) at index \(i) is not finite"
        case .mismatchedDimensions: return "the dimensions of the series have different lengths"
        }
    }
}

/// Runs a configured method on a series and describes every change point.
public struct ChangePointDetector: Sendable {
    public var configuration: ChangePointConfiguration

    public init(_ configuration: ChangePointConfiguration = .init()) {
        self.configuration = configuration
    }

    /// - Complexity: that of the method (``PELT``: expected O(n)), plus O(n log n) for the robust
    ///   scale and O(k n) for describing `k` change points.
    public func detect(_ values: [Double]) throws(ChangePointInputError) -> ChangePointResult {
        try detect(dimensions: [values])
    }

    /// Multivariate series: per-dimension costs are added (each dimension standardised by its own
    /// noise scale); levels and effects are reported for the first dimension.
    public func detect(dimensions columns: [[Double]]) throws(ChangePointInputError) -> ChangePointResult {
        guard let first = columns.first else { return ChangePointResult(changePoints: [], note: "empty series") }
        for c in columns where c.count != first.count { throw .mismatchedDimensions }
        for c in columns {
            if let i = c.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(index: i, value: c[i]) }
        }
        let n = first.count
        let cfg = configuration
        let m = max(1, cfg.minimumSegmentLength)
        if n < 2 { return ChangePointResult(changePoints: [], note: "fewer than 2 points") }
        if n < 2 * m {
            return ChangePointResult(changePoints: [], note: "\(n) points: fewer than twice the minimum segment length \(m)")
        }
        if columns.allSatisfy({ c in c.allSatisfy { $0 == c[0] } }) {
            return ChangePointResult(changePoints: [], note: "constant series")
        }
        // Otava mode works on the raw values, exactly as Otava does.
        if cfg.method == .otava {
            let cps = OtavaEDivisive.changePoints(
                first, windowLength: cfg.windowLength, maxPValue: cfg.maxPValue, minMagnitude: cfg.minMagnitude)
            let idx = cps.map(\.index)
            let described = zip(cps, describe(first, idx, margins: nil).changePoints).map { cp, d in
                var d = d
                d.pValue = cp.pValue
                return d
            }
            return ChangePointResult(changePoints: described, note: nil)
        }
        switch cfg.method {
        case .pelt, .binseg:
            let classes: [CostModel] = cfg.model.costModel.map { [$0] } ?? [.mean, .linear]
            let fits = classFits(columns, classes, concurrent: Self.concurrentClasses.contains(n))
            guard var chosen = fits.first else {
                return ChangePointResult(changePoints: [], note: "no finite noise scale (values too large or too few distinct)")
            }
            if fits.count > 1 {
                // Schwarz's criterion on one scale: every dimension in units of its median-centred
                // difference-based noise scale, so that both classes are judged on the same data.
                // The linear class's robust scale of the first dimension is that scale already.
                let linearScale = fits.first(where: { $0.model == .linear })?.scale
                let scales = columns.enumerated().map { k, c in
                    k == 0 && linearScale != nil ? linearScale! : RobustStandardisation.noiseScale(c, centred: true)
                }
                var best = Double.infinity
                for fit in fits {
                    var rss = 0.0
                    for k in columns.indices where scales[k] > 0 && scales[k].isFinite {
                        rss += fit.residuals[k] / (scales[k] * scales[k])
                    }
                    let bic = ChangePointModel.schwarzCriterion(
                        rss: rss, n: n, dimensions: columns.count, changePoints: fit.changePoints.count, model: fit.model)
                    if bic < best { best = bic; chosen = fit }
                }
            }
            let described = describe(first, chosen.changePoints, margins: chosen.margins, model: chosen.model,
                                     dependenceFactor: chosen.dependenceFactor)
            return ChangePointResult(changePoints: described.changePoints, note: nil, noiseScale: chosen.scale,
                                     model: chosen.model, segments: described.segments)
        case .edivisive:
            // E-divisive is univariate: the first dimension, standardised as for the mean model.
            let r = cfg.robust ? RobustStandardisation(first, halfWidth: m - 1) : nil
            if cfg.robust && r == nil {
                return ChangePointResult(changePoints: [], note: "no finite noise scale (values too large or too few distinct)")
            }
            let x = r?.standardised ?? first
            let scale = r?.scale
            let splits = EDivisive.segment(
                x, significance: cfg.significance, permutations: cfg.permutations,
                minimumSegmentLength: m, seed: cfg.seed)
            var described = describe(first, splits.map(\.index), margins: nil).changePoints
            for k in described.indices { described[k].pValue = splits[k].pValue }
            return ChangePointResult(changePoints: described, note: nil, noiseScale: scale)
        case .otava:
            fatalError("handled above")
        }
    }

    /// ``penalisedFit(_:model:medians:residuals:largeSeries:)`` for each class (in order, those
    /// with a finite noise scale), with their residuals when there is more than one class to compare;
    /// on two threads when `concurrent` (the same results: each class's work is independent).
    func classFits(_ columns: [[Double]], _ classes: [CostModel], concurrent: Bool,
                   largeSeries: Int = Self.largeSeries) -> [PenalisedFit] {
        let compared = classes.count > 1
        // Both classes standardise the same columns about the same centre: one selection each.
        let medians = configuration.robust && compared ? columns.map { Descriptive.median($0) } : nil
        let fit: @Sendable (CostModel) -> PenalisedFit? = { model in
            penalisedFit(columns, model: model, medians: medians, residuals: compared, largeSeries: largeSeries)
        }
        return compared && concurrent
            ? Self.concurrently(classes.count) { fit(classes[$0]) }.compactMap { $0 }
            : classes.compactMap(fit)
    }

    /// One class's penalised segmentation.
    struct PenalisedFit: Sendable, Equatable {
        var model: CostModel
        var changePoints: [Int]
        var margins: [Double]
        var scale: Double?
        var dependenceFactor: Double
        /// Per dimension, the residual sum of squares of the raw values about the fitted signal
        /// (``residualSumOfSquares(_:_:model:)``), when asked for (the classes' comparison).
        var residuals: [Double] = []
    }

    /// The series lengths at which the two classes of `auto` are fitted at the same time, on two
    /// threads. From 4096 points (twice ``PELT/exactLinearLimit``), where each class takes
    /// milliseconds: shorter series (the gate's and `analyze`'s histories, mostly under 1300 runs)
    /// cost well under a millisecond a class, where handing work to a second thread saves little,
    /// and callers with many series parallelise across them. Up to ``largeSeries`` points.
    static let concurrentClasses = (2 * PELT.exactLinearLimit)...largeSeries

    /// 2^22 points: beyond it memory, not the second core, binds (issue 12: 1e7 values in under
    /// 300 MB beyond the values). Each class holds O(n) arrays while it runs (the mean class two
    /// prefix sums and 32-bit back-pointers, 20 bytes a point; the linear class three prefix sums,
    /// 24), so longer series fit the classes one after the other, and the linear class recomputes the
    /// standardised values for its prefix sums (in chunks of 2^16 points) and for each kink window
    /// instead of keeping a copy of the series beside its sums (8 bytes a point more;
    /// ``RobustStandardisation/standardised(_:in:)``, bit for bit the same values). The cost: about
    /// three more passes of the running median over the series.
    static let largeSeries = 1 << 22

    /// `body(0..<count)` on up to `count` threads (Dispatch's `concurrentPerform`), results in order.
    static func concurrently<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let slots = UnsafeMutablePointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
        defer { slots.deinitialize(count: count); slots.deallocate() }
        let results = SendableSlots(base: slots)
        // Each iteration writes its own slot; concurrentPerform returns when all have finished.
        DispatchQueue.concurrentPerform(iterations: count) { i in results.base[i] = body(i) }
        return (0..<count).map { slots[$0]! }
    }

    /// Distinct slots written by distinct threads (``concurrently(_:_:)``).
    struct SendableSlots<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<T?>
    }

    /// Standardises every dimension for `model` (``RobustStandardisation``, with the trend-aware
    /// scale and long-run variance for ``CostModel/linear``) and runs the configured search with
    /// the configured penalty for that model. `nil` when no dimension has a finite noise scale.
    /// - Complexity: that of the search plus O(n log n).
    /// - Parameters:
    ///   - medians: each column's median when the caller has them.
    ///   - residuals: also compute ``PenalisedFit/residuals``.
    ///   - largeSeries: the length beyond which a univariate series' standardised copy is not kept
    ///     (``largeSeries``; tests lower it to compare both ways).
    func penalisedFit(_ columns: [[Double]], model: CostModel, medians: [Double]? = nil, residuals: Bool = false,
                      largeSeries: Int = Self.largeSeries) -> PenalisedFit? {
        let cfg = configuration
        let n = columns[0].count
        // A line through two points fits them exactly: linear segments need three.
        let m = max(1, cfg.minimumSegmentLength, model == .linear ? 3 : 1)
        guard n >= 2 * m else {
            return PenalisedFit(model: model, changePoints: [], margins: [], scale: nil, dependenceFactor: 1,
                                residuals: residuals ? columns.map { Self.residualSumOfSquares($0, [], model: model) } : [])
        }
        var prepared: [[Double]] = []
        var scale: Double?
        var factor = 1.0
        var usable = 0
        var first: RobustStandardisation?
        for (k, c) in columns.enumerated() {
            if cfg.robust {
                if var r = RobustStandardisation(c, halfWidth: m - 1, trend: model == .linear, median: medians?[k]) {
                    prepared.append(r.standardised)
                    r.standardised = []
                    if k == 0 { scale = r.scale; factor = r.dependenceFactor; first = r }
                    usable += 1
                } else {
                    prepared.append([Double](repeating: 0, count: n))  // a constant dimension carries no change
                }
            } else {
                prepared.append(c)
                usable += 1
            }
        }
        if usable == 0 { return nil }
        // The standardised series is needed beyond its prefix sums only by the kink refinement:
        // released before the search otherwise (memory: 1e7 values are 80 MB per copy). Beyond
        // `largeSeries` points the linear class does not keep it at all: its three prefix sums are
        // built from chunks recomputed from the raw values, and so are the kink windows (the same
        // bits). The other classes release it before their search allocates anything of size n.
        let refinesKinks = model == .linear && prepared.count == 1
        let recomputes = refinesKinks && n > largeSeries && first != nil
        let lengthTerm = cfg.penalty.addsSegmentLengthTerm
        let cost: NormalSegmentCost
        if recomputes, let r = first {
            let total = prepared[0].reduce(0, +)  // the sums' centre, as NormalSegmentCost takes it
            prepared = []
            let y = columns[0]
            cost = NormalSegmentCost(count: n, dimensions: 1, model: model, segmentLengthTerm: lengthTerm,
                                     chunkSize: 1 << 16, totals: [total]) { _, range in r.standardised(y, in: range)[...] }
        } else {
            cost = NormalSegmentCost(dimensions: prepared, model: model, segmentLengthTerm: lengthTerm)
        }
        if !refinesKinks { prepared = [] }
        let beta = cfg.penalty.value(n: n, model: model)
        let seg = cfg.method == .binseg
            ? BinarySegmentation.segment(cost: cost, penalty: beta, minimumSegmentLength: m)
            : PELT.segment(cost: cost, penalty: beta, minimumSegmentLength: m)
        var cps = seg.changePoints
        if recomputes, let r = first {
            let y = columns[0]
            cps = KinkRefinement.refine(count: n, window: { r.standardised(y, in: $0)[...] }, cps,
                                        minimumSegmentLength: m, cost: cost)
        } else if refinesKinks {
            cps = KinkRefinement.refine(prepared[0], cps, minimumSegmentLength: m, cost: cost)
        }
        var margins: [Double] = []
        for (j, c) in cps.enumerated() {
            let lo = j == 0 ? 0 : cps[j - 1], hi = j == cps.count - 1 ? n : cps[j + 1]
            margins.append(cost.cost(lo, hi) - cost.cost(lo, c) - cost.cost(c, hi) - beta)
        }
        return PenalisedFit(model: model, changePoints: cps, margins: margins, scale: scale, dependenceFactor: factor,
                            residuals: residuals ? columns.map { Self.residualSumOfSquares($0, cps, model: model) } : [])
    }

    /// Residual sum of squares of `y` about its fitted signal: segment means, or segment
    /// least-squares lines under ``CostModel/linear``.
    /// - Complexity: O(n).
    static func residualSumOfSquares(_ y: [Double], _ cps: [Int], model: CostModel) -> Double {
        let bounds = [0] + cps + [y.count]
        var total = 0.0
        for j in 0..<(bounds.count - 1) {
            let fit = LineFit(y[bounds[j]..<bounds[j + 1]], linear: model == .linear)
            total += fit.rss
        }
        return total
    }

    /// Levels, effects and verdicts for the given change points of `y`, and every segment.
    func describe(_ y: [Double], _ cps: [Int], margins: [Double]?, model: CostModel = .mean,
                  dependenceFactor: Double = 1) -> (changePoints: [DetectedChangePoint], segments: [SegmentLevel]) {
        let n = y.count
        let alpha = 1 - configuration.confidenceLevel
        let bounds = [0] + cps + [n]
        // Long series with many changes: each half of the segments, then of the change points, on
        // its own thread (every item is independent; the quantiles of Student's t per change point
        // dominate). Short ones on the calling thread (see ``concurrentClasses``).
        let parts = Self.concurrentClasses.contains(n) && cps.count >= 64 ? 2 : 1
        func inParts<T: Sendable>(_ count: Int, _ item: @escaping @Sendable (Int) -> T) -> [T] {
            if parts == 1 { return (0..<count).map(item) }
            return Self.concurrently(parts) { p in (count * p / parts..<count * (p + 1) / parts).map(item) }.flatMap { $0 }
        }
        let segments: [SegmentLevel] = inParts(bounds.count - 1) { j in
            let part = y[bounds[j]..<bounds[j + 1]]
            var level = SegmentLevel(start: bounds[j], count: part.count, mean: Descriptive.mean(part), median: Descriptive.median(part))
            if model == .linear {
                let fit = LineFit(part, linear: true)
                level.slope = fit.slope
                if part.count >= 3, fit.slopeStandardError.isFinite {
                    let t = StudentT(degreesOfFreedom: Double(part.count - 2)).inverseSurvival(alpha / 2)
                    let se = fit.slopeStandardError * max(1, dependenceFactor).squareRoot()
                    level.slopeLower = fit.slope - t * se
                    level.slopeUpper = fit.slope + t * se
                }
            }
            return level
        }
        let points: [DetectedChangePoint] = inParts(cps.count) { j in
            let c = cps[j]
            let lo = j == 0 ? 0 : cps[j - 1], hi = j == cps.count - 1 ? n : cps[j + 1]
            let a = y[lo..<c], b = y[c..<hi]
            let before = segments[j], after = segments[j + 1]
            let ratio = after.mean / before.mean
            let welch = TTest.welch(b, a)
            var lower: Double?, upper: Double?
            if a.count >= 2, b.count >= 2, welch.degreesOfFreedom.isFinite {
                let t = StudentT(degreesOfFreedom: welch.degreesOfFreedom).inverseSurvival(alpha / 2)
                let va = Descriptive.variance(a) / Double(a.count), vb = Descriptive.variance(b) / Double(b.count)
                if before.mean > 0, after.mean > 0 {
                    let se = (va / (before.mean * before.mean) + vb / (after.mean * after.mean)).squareRoot()
                    lower = exp(log(ratio) - t * se) - 1
                    upper = exp(log(ratio) + t * se) - 1
                } else if before.mean != 0 {
                    let se = abs(ratio) * (va / (before.mean * before.mean) + (after.mean != 0 ? vb / (after.mean * after.mean) : .infinity)).squareRoot()
                    if se.isFinite { lower = ratio - t * se - 1; upper = ratio + t * se - 1 }
                }
            }
            let kind: ChangeKind = after.mean == before.mean ? .neutral
                : configuration.direction.isRegression(from: before.mean, to: after.mean) ? .regression : .improvement
            return DetectedChangePoint(
                index: c, before: before, after: after, relativeChange: ratio - 1,
                relativeChangeLower: lower, relativeChangeUpper: upper,
                pValue: welch.pValue.isNaN ? nil : welch.pValue, penaltyMargin: margins?[j], kind: kind)
        }
        return (points, segments)
    }
}
