import SextantChangePoint
import Testing

@Suite("Direction (SextantCore, re-exported)")
struct DirectionTests {
    @Test("parsing, the limit side and the regression side for both directions")
    func semantics() {
        #expect(Direction(parsing: "lower") == .lowerIsBetter)
        #expect(Direction(parsing: "higherIsBetter") == .higherIsBetter)
        #expect(Direction(parsing: "up") == nil)
        #expect(Direction(rawValue: "higher") == .higherIsBetter)  // the store's and importers' spelling
        #expect(Direction.lowerIsBetter.isPast(10.5, limit: 10))
        #expect(!Direction.lowerIsBetter.isPast(10, limit: 10))  // at the limit still meets it
        #expect(Direction.higherIsBetter.isPast(9.5, limit: 10))
        #expect(Direction.lowerIsBetter.isRegression(from: 1, to: 2))
        #expect(!Direction.higherIsBetter.isRegression(from: 1, to: 2))
        #expect(!Direction.lowerIsBetter.isRegression(from: 2, to: 2))
    }

    @Test("a change point's kind follows the configured direction")
    func kindFollowsDirection() throws {
        let y = (0..<60).map { i in (i < 30 ? 10.0 : 12.0) + 0.1 * Double(i % 4) }
        var config = ChangePointConfiguration()
        let up = try ChangePointDetector(config).detect(y)
        #expect(up.changePoints.map(\.kind) == [.regression])
        config.direction = .higherIsBetter
        let better = try ChangePointDetector(config).detect(y)
        #expect(better.changePoints.map(\.kind) == [.improvement])
    }
}
