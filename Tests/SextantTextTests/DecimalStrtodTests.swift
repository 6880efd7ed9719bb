import SextantTestSupport
import Foundation
import Testing
@testable import SextantText

/// Random decimal strings of every shape, for the bit-for-bit comparison with the C library's
/// `strtod` (glibc's is correctly rounded: Drepper's multi-precision implementation).
///
/// `make test` checks `SEXTANT_STRTOD_CASES` strings (default 100 000); `make bench` runs the same
/// test with 10 000 000 (scripts/bench/bench_decimal.sh).
struct DecimalCases {
    static let shapes = [
        "shortest round-trip", "17 significant digits", "%.Ng of a random double", "subnormal edge",
        "overflow edge", "long mantissa", "leading zeros", "signed zero", "halfway and beside it",
        "integer", "short decimal",
    ]

    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(state: seed) }

    mutating func finiteDouble() -> Double {
        while true {
            let d = Double(bitPattern: rng.next())
            if d.isFinite { return d }
        }
    }

    mutating func digits(_ n: Int, leadingNonZero: Bool = true) -> String {
        var s = ""
        s.reserveCapacity(n)
        for k in 0..<n {
            let d = k == 0 && leadingNonZero ? rng.int(1...9) : rng.int(0...9)
            s.append(Character(Unicode.Scalar(UInt8(0x30 + d))))
        }
        return s
    }

    mutating func exponentMark() -> String { rng.next() & 1 == 0 ? "e" : "E" }

    static func format(_ f: String, _ args: CVarArg...) -> String {
        var buffer = [CChar](repeating: 0, count: 1200)
        _ = withVaList(args) { vsnprintf(&buffer, buffer.count, f, $0) }
        return String(cString: buffer)
    }

    /// One string of shape `k`.
    mutating func string(shape k: Int) -> String {
        let sign = ["", "", "-", "+"][rng.int(0...3)]
        switch k {
        case 0: return (sign == "-" ? "-" : "") + "\(abs(finiteDouble()))"
        case 1: return sign + Self.format("%.16e", abs(finiteDouble()))
        case 2: return sign + Self.format("%.*g", Int32(rng.int(1...25)), abs(finiteDouble()))
        case 3:
            let n = rng.int(1...20)
            return sign + digits(n) + exponentMark() + String(rng.int(-345...(-300)) - (rng.next() & 1 == 0 ? 0 : n - 1))
        case 4:
            if rng.next() & 1 == 0 {  // around the largest double, 1.7976931348623157e308
                return sign + "17976931348623157" + digits(rng.int(0...10), leadingNonZero: false) + exponentMark() + String(292 - 0)
            }
            return sign + digits(rng.int(1...20)) + exponentMark() + String(rng.int(285...310))
        case 5:
            let n = rng.int(20...800)
            var s = digits(n)
            let point = rng.int(0...n)
            if point < n { s.insert(".", at: s.index(s.startIndex, offsetBy: point)) }
            let magnitude = rng.int(-330...310) - point
            return sign + s + exponentMark() + String(magnitude)
        case 6:
            let zeros = String(repeating: "0", count: rng.int(1...30))
            if rng.next() & 1 == 0 { return sign + zeros + digits(rng.int(1...20)) + "." + digits(rng.int(0...5), leadingNonZero: false) }
            return sign + "0." + zeros + digits(rng.int(1...25)) + (rng.next() & 1 == 0 ? "" : exponentMark() + String(rng.int(-300...300)))
        case 7:
            return ["-0", "-0.0", "-0e0", "-0.000e-999", "-.0", "0", "+0.0", "0e400", "-0E+5", "0.000"][rng.int(0...9)]
        case 8:
            // The exact halfway point between a random double and the next one (exact in 64-bit
            // long double), printed exactly, and beside it at the last printed digit.
            let d = abs(finiteDouble())
            guard d.nextUp.isFinite else { return "\(d)" }
            let h = (Float80(d) + Float80(d.nextUp)) / 2
            var s = Self.format("%.780Le", h)
            guard let e = s.firstIndex(where: { $0 == "e" }) else { return s }
            var mantissa = String(s[..<e])
            let exponent = String(s[e...])
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
            if mantissa.hasSuffix(".") { mantissa.removeLast() }
            switch rng.int(0...2) {
            case 0: s = mantissa + exponent
            case 1: s = mantissa + (mantissa.contains(".") ? "" : ".") + "000000000000000000000001" + exponent
            default:
                // Just below: replace the last digit d >= 1 by d - 1 and append nines.
                var chars = Array(mantissa)
                if let last = chars.last, let v = last.wholeNumberValue, v > 0 {
                    chars[chars.count - 1] = Character(String(v - 1))
                    s = String(chars) + (mantissa.contains(".") ? "" : ".") + "9999999999" + exponent
                } else {
                    s = mantissa + exponent
                }
            }
            return sign + s
        case 9:
            if rng.next() & 1 == 0 { return sign + String(UInt64(1) << 53 + UInt64(rng.int(0...64)) * (rng.next() & 1 == 0 ? 1 : 7)) }
            return sign + String(rng.next() >> UInt64(rng.int(0...63)))
        default:
            let n = rng.int(1...19)
            var s = digits(n)
            if rng.next() & 1 == 0 { s.insert(".", at: s.index(s.startIndex, offsetBy: rng.int(0...n - 1))) }
            return sign + s + (rng.next() & 1 == 0 ? "" : exponentMark() + String(rng.int(-40...40)))
        }
    }
}

@Suite("Decimal conversion")
struct DecimalTextTests {
    func parse(_ s: String) -> Double? { DecimalText.double(s) }

    func strtodBits(_ s: String) -> UInt64 {
        s.withCString { strtod($0, nil) }.bitPattern
    }

    @Test("Bit for bit equal to strtod on random strings of every shape (SEXTANT_STRTOD_CASES, default 100 000)")
    func strtodAgreement() throws {
        let count = ProcessInfo.processInfo.environment["SEXTANT_STRTOD_CASES"].flatMap { Int($0) } ?? 100_000
        var cases = DecimalCases(seed: 0x5EED_DEC1)
        var failures: [String] = []
        var perShape = [Int](repeating: 0, count: DecimalCases.shapes.count)
        for i in 0..<count {
            let shape = i % DecimalCases.shapes.count
            let s = cases.string(shape: shape)
            perShape[shape] += 1
            let expected = strtodBits(s)
            guard let v = parse(s) else {
                failures.append("\(DecimalCases.shapes[shape]): '\(s.prefix(120))' rejected")
                if failures.count >= 10 { break }
                continue
            }
            if v.bitPattern != expected {
                failures.append("\(DecimalCases.shapes[shape]): '\(s.prefix(120))' gave \(v) (0x\(String(v.bitPattern, radix: 16))), strtod \(Double(bitPattern: expected))")
                if failures.count >= 10 { break }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(perShape.allSatisfy { $0 >= count / DecimalCases.shapes.count })
    }

    @Test("Hard cases from the literature, each against strtod")
    func knownHardCases() {
        let cases = [
            "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072014e-308",  // DBL_MIN edge (PHP/Java hang)
            "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "2.47032822920623272e-324",
            "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "179769313486231580793728971405301e276",
            "9007199254740993", "9007199254740992.5", "9007199254740993.0000000000000000000001", "18446744073709551615",
            "1e23", "8.41e21", "5e-324", "1e-400", "1e400", "-1e400", "0.1", "0.3", "123456789012345678901234567890",
            "7.0420557077594588669468784357561207962098443483187940792729600000e-321", "1448997445238699", "1e-45", "3.4028235e38",
            "0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                + "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000024703"
                + "282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546"
                + "332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219"
                + "365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056"
                + "374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134"
                + "223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672"
                + "348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213"
                + "837722826145437693412532098591327667236328125",
        ]
        for s in cases {
            #expect(parse(s)?.bitPattern == strtodBits(s), "\(s.prefix(60))")
        }
    }

    @Test("Syntax: what strtod would only partly consume, or not at all, is not a number")
    func syntax() {
        for bad in ["", "-", "+", ".", "-.", "e5", "1e", "1e+", "1e-", "0x10", " 1", "1 ", "1..2", "--1", "+-1", "1.2.3",
                    "nanx", "infinit", "1,5", "١", "1e5x", "in", "-nan(1)", "1_000"] {
            #expect(parse(bad) == nil, "'\(bad)'")
        }
        #expect(parse("1.") == 1)
        #expect(parse(".5") == 0.5)
        #expect(parse("+.5e1") == 5)
        #expect(parse("-0")?.sign == .minus)
        #expect(parse("INF") == .infinity)
        #expect(parse("-Infinity") == -.infinity)
        #expect(parse("NaN")?.isNaN == true)
        #expect(parse("1e-99999999999999999999") == 0)
        #expect(parse("1e99999999999999999999") == .infinity)
        #expect(parse("0e99999999999999999999") == 0)
    }
}
