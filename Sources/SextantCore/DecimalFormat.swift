/// C `printf`'s `%.Nf` and `%.Ne` for doubles, written in Swift: the one number formatter behind every
/// table, report and chart (``Units/significant(_:digits:)``, the renderers' percentages and p-values).
/// `String(format:)` cost microseconds per call on Linux (an `NSString` format parse each time) and was
/// most of a report's rendering time (issue 12, docs/reliability.md "Figures").
///
/// The output is byte for byte glibc's: the exact binary value of the double is rounded to the requested
/// digits, halfway cases to even (IEEE 754 round-to-nearest, the default rounding mode, as glibc does;
/// Steele & White, "How to print floating-point numbers accurately", PLDI 1990, section 2), with `-` for
/// a negative sign bit (so `-0.0` prints `-0.0`), `+` when asked, `inf`/`nan` (`-nan` for a negative
/// NaN) for non-finite values and an exponent of at least two digits (`1.235e+07`). Tested against the
/// C library's `snprintf` (DecimalFormatTests).
///
/// Method: the double is `m * 2^e` with an integer `m < 2^53`. `x * 10^s` (s = decimals for `%f`,
/// decimals minus the decimal exponent for `%e`) is rounded to an integer `N` exactly: in 128-bit
/// integers when `m * 10^s` fits (s <= 19, the common case), else in a small arbitrary-precision
/// natural number (very large or very small magnitudes). `N`'s digits are the output's.
/// - Complexity: O(1) in the 128-bit case; O(L^2) for an output of L digits otherwise (L <= 340).
public enum DecimalFormat {
    /// `printf("%.<decimals>f", x)` (with `plus`: `%+.<decimals>f`).
    public static func fixed(_ x: Double, decimals: Int, plus: Bool = false) -> String {
        precondition(decimals >= 0 && decimals <= 100, "decimals out of range")
        guard x.isFinite else { return nonFinite(x, plus: plus) }
        let sign: UInt8? = x.sign == .minus ? UInt8(ascii: "-") : (plus ? UInt8(ascii: "+") : nil)
        let a = abs(x)
        if let (n, _) = fastScaled(a, decimals) {
            return withDigits(of: n) { digits in assembleFixed(sign: sign, digits: digits, decimals: decimals) }
        }
        let digits = slowScaled(a, decimals)
        return digits.withUnsafeBufferPointer { assembleFixed(sign: sign, digits: $0, decimals: decimals) }
    }

    /// `printf("%.<decimals>e", x)` (with `plus`: `%+.<decimals>e`).
    public static func exponential(_ x: Double, decimals p: Int, plus: Bool = false) -> String {
        precondition(p >= 0 && p <= 18, "decimals out of range")
        guard x.isFinite else { return nonFinite(x, plus: plus) }
        let sign: UInt8? = x.sign == .minus ? UInt8(ascii: "-") : (plus ? UInt8(ascii: "+") : nil)
        let a = abs(x)
        if a == 0 {
            return assembleExponential(sign: sign, digits: [UInt8](repeating: UInt8(ascii: "0"), count: p + 1), exponent: 0)
        }
        // The decimal exponent E of a (10^E <= a < 10^(E+1)): estimated, then corrected on the digits.
        var e10 = Int((Double(Int(a.exponent)) * 0.30102999566398120).rounded(.down))
        while true {
            let (digits, roundedUp) = scaledDigits(a, p - e10)
            // Without rounding, N has p + 1 digits exactly when E is right.
            if digits.count > p + 1 && !(roundedUp && digits.count == p + 2 && isPowerOfTen(digits)) { e10 += 1; continue }
            if digits.count < p + 1 { e10 -= 1; continue }
            if digits.count == p + 2 {
                // 9.9996e5 -> 1.000e+06: rounding carried into a new digit.
                return assembleExponential(sign: sign, digits: Array(digits.prefix(p + 1)), exponent: e10 + 1)
            }
            return assembleExponential(sign: sign, digits: digits, exponent: e10)
        }
    }

    // MARK: assembling

    static func nonFinite(_ x: Double, plus: Bool) -> String {
        let body = x.isNaN ? "nan" : "inf"
        if x.sign == .minus { return "-" + body }
        return plus ? "+" + body : body
    }

    /// Sign, the integer part (at least `0`), then `.` and the last `decimals` digits.
    static func assembleFixed(sign: UInt8?, digits: UnsafeBufferPointer<UInt8>, decimals: Int) -> String {
        let intDigits = max(1, digits.count - decimals)
        let leadingZeros = max(0, decimals + 1 - digits.count)
        let length = (sign == nil ? 0 : 1) + intDigits + (decimals > 0 ? 1 + decimals : 0)
        return String(unsafeUninitializedCapacity: length) { out in
            var k = 0
            if let sign { out[k] = sign; k += 1 }
            var d = 0
            func next() -> UInt8 {
                defer { d += 1 }
                return d < leadingZeros ? UInt8(ascii: "0") : digits[d - leadingZeros]
            }
            for _ in 0..<intDigits { out[k] = next(); k += 1 }
            if decimals > 0 {
                out[k] = UInt8(ascii: "."); k += 1
                for _ in 0..<decimals { out[k] = next(); k += 1 }
            }
            return k
        }
    }

    static func assembleExponential(sign: UInt8?, digits: [UInt8], exponent: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(digits.count + 8)
        if let sign { out.append(sign) }
        out.append(digits[0])
        if digits.count > 1 { out.append(UInt8(ascii: ".")); out.append(contentsOf: digits[1...]) }
        out.append(UInt8(ascii: "e"))
        out.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        let magnitude = abs(exponent)
        if magnitude < 10 { out.append(UInt8(ascii: "0")) }
        out.append(contentsOf: String(magnitude).utf8)
        return String(decoding: out, as: UTF8.self)
    }

    static func isPowerOfTen(_ digits: [UInt8]) -> Bool {
        digits.first == UInt8(ascii: "1") && digits.dropFirst().allSatisfy { $0 == UInt8(ascii: "0") }
    }

    /// The decimal digits of `n` (no leading zeros; `0` for zero), on the stack.
    static func withDigits<R>(of n: UInt64, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var k = 20, v = n
            repeat {
                k -= 1
                buffer[k] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            } while v > 0
            return body(UnsafeBufferPointer(rebasing: buffer[k...]))
        }
    }

    // MARK: exact scaling

    /// `a = m * 2^e` exactly, `m < 2^53` (a finite, non-negative).
    @inline(__always) static func decompose(_ a: Double) -> (m: UInt64, e: Int) {
        let bits = a.significandBitPattern, biased = Int(a.exponentBitPattern)
        return biased == 0 ? (bits, -1074) : (bits | (1 << 52), biased - 1075)
    }

    static let powersOfTen: [UInt64] = (0...19).map { (k: Int) -> UInt64 in
        var p: UInt64 = 1
        for _ in 0..<k { p *= 10 }
        return p
    }

    /// `a * 10^s` rounded to an integer (half to even) when the 128-bit computation covers it and the
    /// result fits 64 bits, with whether it was rounded up; else nil.
    @inline(__always) static func fastScaled(_ a: Double, _ s: Int) -> (n: UInt64, up: Bool)? {
        guard s >= 0 && s <= 19 else { return nil }
        if a == 0 { return (0, false) }
        let (m, e) = decompose(a)
        let product = UInt128(m) * UInt128(powersOfTen[s])   // < 2^117
        if e >= 0 {
            guard e <= 10, let n = UInt64(exactly: product << e) else { return nil }
            return (n, false)
        }
        let k = -e
        if k >= 118 { return (0, false) }   // product < 2^117 <= half of 2^k: rounds down to 0
        let q = product >> k
        let r = product & ((UInt128(1) << k) - 1)
        let half = UInt128(1) << (k - 1)
        let up = r > half || (r == half && q & 1 == 1)
        guard let n = UInt64(exactly: up ? q + 1 : q) else { return nil }
        return (n, up)
    }

    /// The digits of `a * 10^s` rounded to an integer (half to even), and whether it was rounded up.
    static func scaledDigits(_ a: Double, _ s: Int) -> (digits: [UInt8], roundedUp: Bool) {
        if let (n, up) = fastScaled(a, s) { return (withDigits(of: n) { Array($0) }, up) }
        return slowScaledWithFlag(a, s)
    }

    static func slowScaled(_ a: Double, _ s: Int) -> [UInt8] { slowScaledWithFlag(a, s).digits }

    /// Where the discarded part of a division lies relative to one half of the last unit.
    enum Fraction { case zero, below, half, above }

    /// `a * 10^s` rounded half to even, in arbitrary precision.
    static func slowScaledWithFlag(_ a: Double, _ s: Int) -> (digits: [UInt8], roundedUp: Bool) {
        if a == 0 { return ([UInt8(ascii: "0")], false) }
        let (m, e) = decompose(a)
        var n = Natural(m)
        if s > 0 { for _ in 0..<s { n.multiply(by: 10) } }
        var fraction = Fraction.zero
        if e > 0 { n.shiftLeft(e) } else if e < 0 { fraction = n.shiftRight(-e) }
        if s < 0 {
            for _ in 0..<(-s) {
                let r = n.divide(by: 10)
                switch r {
                case 0: fraction = fraction == .zero ? .zero : .below
                case 1...4: fraction = .below
                case 5: fraction = fraction == .zero ? .half : .above
                default: fraction = .above
                }
            }
        }
        let up = fraction == .above || (fraction == .half && n.isOdd)
        if up { n.addOne() }
        return (n.decimalDigits(), up)
    }
}

/// A natural number in 32-bit limbs, least significant first: just the operations exact decimal
/// scaling needs (``DecimalFormat``).
struct Natural {
    var limbs: [UInt32]

    init(_ v: UInt64) {
        limbs = [UInt32(truncatingIfNeeded: v), UInt32(truncatingIfNeeded: v >> 32)]
        trim()
    }

    mutating func trim() { while limbs.last == 0 { limbs.removeLast() } }

    var isZero: Bool { limbs.isEmpty }
    var isOdd: Bool { (limbs.first ?? 0) & 1 == 1 }

    mutating func multiply(by f: UInt32) {
        var carry: UInt64 = 0
        for i in limbs.indices {
            let p = UInt64(limbs[i]) * UInt64(f) + carry
            limbs[i] = UInt32(truncatingIfNeeded: p)
            carry = p >> 32
        }
        if carry > 0 { limbs.append(UInt32(carry)) }
    }

    mutating func addOne() {
        for i in limbs.indices {
            if limbs[i] == .max { limbs[i] = 0 } else { limbs[i] += 1; return }
        }
        limbs.append(1)
    }

    mutating func shiftLeft(_ bits: Int) {
        guard !isZero else { return }
        let words = bits / 32, b = bits % 32
        if b > 0 {
            var carry: UInt32 = 0
            for i in limbs.indices {
                let v = limbs[i]
                limbs[i] = (v << b) | carry
                carry = v >> (32 - b)
            }
            if carry > 0 { limbs.append(carry) }
        }
        limbs.insert(contentsOf: repeatElement(0, count: words), at: 0)
    }

    /// Shifts right by `bits` and says where the bits shifted out lie relative to one half.
    mutating func shiftRight(_ bits: Int) -> DecimalFormat.Fraction {
        let topIndex = bits - 1   // the half bit
        func bit(_ i: Int) -> Bool { i / 32 < limbs.count && (limbs[i / 32] >> (i % 32)) & 1 == 1 }
        let halfBit = bit(topIndex)
        var below = false
        for i in 0..<min(limbs.count, topIndex / 32 + 1) {
            let limitBits = i == topIndex / 32 ? topIndex % 32 : 32
            let mask: UInt32 = limitBits == 32 ? .max : (UInt32(1) << limitBits) - 1
            if limbs[i] & mask != 0 { below = true; break }
        }
        let words = bits / 32, b = bits % 32
        if words >= limbs.count { limbs = [] } else {
            limbs.removeFirst(words)
            if b > 0 {
                for i in limbs.indices {
                    let hi: UInt32 = i + 1 < limbs.count ? limbs[i + 1] << (32 - b) : 0
                    limbs[i] = (limbs[i] >> b) | hi
                }
            }
            trim()
        }
        switch (halfBit, below) {
        case (false, false): return .zero
        case (false, true): return .below
        case (true, false): return .half
        case (true, true): return .above
        }
    }

    /// Divides by `d` in place and returns the remainder.
    mutating func divide(by d: UInt32) -> UInt32 {
        var r: UInt64 = 0
        for i in limbs.indices.reversed() {
            let v = (r << 32) | UInt64(limbs[i])
            limbs[i] = UInt32(v / UInt64(d))
            r = v % UInt64(d)
        }
        trim()
        return UInt32(r)
    }

    /// Decimal digits as ASCII, most significant first (`0` for zero).
    func decimalDigits() -> [UInt8] {
        if isZero { return [UInt8(ascii: "0")] }
        var n = self, chunks: [UInt32] = []
        while !n.isZero { chunks.append(n.divide(by: 1_000_000_000)) }
        var out = Array(String(chunks.last!).utf8)
        for c in chunks.dropLast().reversed() {
            let text = Array(String(c).utf8)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 9 - text.count))
            out.append(contentsOf: text)
        }
        return out
    }
}
