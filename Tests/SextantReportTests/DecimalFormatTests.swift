import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import SextantReport
import SextantCore
import SextantTestSupport

/// `DecimalFormat` against the C library's own `printf` (`vsnprintf`), the reference it replaces:
/// every value of every class (random bit patterns over the whole range, subnormals, exact halfway
/// cases, neighbours of powers of ten, signed zeros, non-finite values) in every precision used.
@Suite struct DecimalFormatTests {
    /// What C prints for `format` and `x`.
    static func c(_ format: String, _ x: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let n = withVaList([x]) { vsnprintf(&buffer, buffer.count, format, $0) }
        precondition(n >= 0 && n < buffer.count)
        return String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static var values: [Double] {
        var out: [Double] = [0, -0.0, 1, -1, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1e-3, 1e6, 999_999.5, 9.9995, 9.99949999,
                             0.00099995, 1e300, -1e300, 1e-300, .leastNonzeroMagnitude, .leastNormalMagnitude,
                             .greatestFiniteMagnitude, 123_456_789_012_345_678, 1e22, 1e23, 4.35, 0.045, 2.675,
                             .infinity, -.infinity, .nan, -Double.nan]
        var p = 1e-20
        while p < 1e25 { out += [p, p.nextUp, p.nextDown, -p, p * 9.9995, p * 0.99995]; p *= 10 }
        // halfway cases in binary: n / 2^j
        for j in 1...12 { for n in stride(from: 1, to: 4000, by: 37) { out.append(Double(n) / Double(1 << j)) } }
        var s = SplitMix64(state: 12)
        for _ in 0..<3000 {
            let bits = s.next()
            let x = Double(bitPattern: bits)
            if x.isFinite { out.append(x) }
            // magnitudes renderers print: 1e-12 ... 1e12
            let u = Double(s.next() >> 11) / Double(1 << 53)
            out.append((u * 24 - 12).exp10 * (bits & 1 == 0 ? 1 : -1))
        }
        return out
    }

    /// Every value at every precision in `precisions`, with and without `+`: where `mine` and C's
    /// `%<flag>.<d><conversion>` differ.
    static func mismatches(_ conversion: String, _ precisions: ClosedRange<Int>,
                           _ mine: (Double, Int, Bool) -> String) -> [String] {
        var out: [String] = []
        for x in values {
            for d in precisions {
                for plus in [false, true] {
                    let format = (plus ? "%+." : "%.") + "\(d)" + conversion
                    let (a, b) = (mine(x, d, plus), c(format, x))
                    if a != b { out.append("\(x) \(format): \(a) != \(b)") }
                }
            }
        }
        return out
    }

    @Test func fixedMatchesC() {
        let m = Self.mismatches("f", 0...7) { DecimalFormat.fixed($0, decimals: $1, plus: $2) }
        #expect(m.isEmpty, "\(m.prefix(10))")
    }

    @Test func exponentialMatchesC() {
        let m = Self.mismatches("e", 0...6) { DecimalFormat.exponential($0, decimals: $1, plus: $2) }
        #expect(m.isEmpty, "\(m.prefix(10))")
    }

    @Test func hugeFixedMatchesC() {
        for x in [1e300, -1.7976931348623157e308, 3.1e200, 12345678901234567890.0] {
            #expect(DecimalFormat.fixed(x, decimals: 0, plus: true) == Self.c("%+.0f", x))
            #expect(DecimalFormat.fixed(x, decimals: 2) == Self.c("%.2f", x))
        }
    }
}

extension Double {
    fileprivate var exp10: Double { Glibc.pow(10, self) }
}
