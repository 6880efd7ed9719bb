/// The exact fallback of ``DecimalText``: a decimal number as a big integer of its significant
/// digits times a power of ten, compared exactly with the halfway points between doubles.
///
/// The candidate double `b` (a positive bit pattern; positive doubles are ordered as their bit
/// patterns) moves up while the value exceeds the halfway point `(2m + 1) 2^(k-1)` between `b` and
/// its successor (or equals it and `b` is odd), and down while the value is below the halfway point
/// to its predecessor (or equals it and `b` is odd): round to nearest, ties to even. Each comparison
/// brings `D 10^e` and `(2m + 1) 2^(k-1)` to integers by multiplying the side with the negative
/// power of five by its reciprocal and shifting the side with the smaller power of two.
///
/// At most 800 significant digits are kept, a nonzero tail is remembered: a halfway point of
/// doubles has at most 767 significant digits, so a tail below the 800th digit can only break a tie
/// (the bound Go's strconv and fast_float use, 800 and 768 digits).
/// - Complexity: O(d (d + |e|)) word operations for d kept digits and decimal exponent e.
struct ExactDecimal {
    static let maxDigits = 800
    /// The significant digits (values 0-9), leading zeros removed.
    var digits: [UInt8] = []
    /// Nonzero digits beyond ``maxDigits``.
    var sticky = false
    /// The value is `digits * 10^exponent` (plus the sticky tail).
    var exponent = 0

    /// Scans the decimal syntax of ``DecimalText`` (already validated) at `p`.
    init(_ p: UnsafePointer<UInt8>, _ count: Int) {
        var i = 0
        if p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") { i = 1 }
        var pointSeen = false
        digits.reserveCapacity(64)
        while i < count {
            let c = p[i]
            if c == UInt8(ascii: ".") { pointSeen = true; i += 1; continue }
            let d = c &- 0x30
            if d > 9 { break }
            if digits.isEmpty && d == 0 {
                if pointSeen { exponent -= 1 }
            } else if digits.count < Self.maxDigits {
                digits.append(d)
                if pointSeen { exponent -= 1 }
            } else {
                if d != 0 { sticky = true }
                if !pointSeen { exponent += 1 }
            }
            i += 1
        }
        if i < count {  // exponent part
            i += 1
            var negative = false
            if p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") { negative = p[i] == UInt8(ascii: "-"); i += 1 }
            var e = 0
            while i < count {
                if e < 1_000_000 { e = e * 10 + Int(p[i] &- 0x30) }
                i += 1
            }
            exponent += negative ? -e : e
        }
        // Trailing zeros carry no information: fewer digits, smaller integers.
        while let last = digits.last, last == 0 { digits.removeLast(); exponent += 1 }
    }

    /// The correctly rounded positive bit pattern, starting the search at `candidate`.
    func correctlyRounded(near candidate: UInt64) -> UInt64 {
        let infinity: UInt64 = 0x7FF0_0000_0000_0000
        if digits.isEmpty { return 0 }
        // Far outside the double range: the comparison integers would be needlessly huge.
        let magnitude = digits.count + exponent  // value < 10^magnitude, >= 10^(magnitude-1)
        if magnitude > 310 { return infinity }
        if magnitude < -324 { return 0 }
        var b = min(candidate, infinity)
        let significand = BigInteger(decimalDigits: digits)
        while true {
            if b < infinity {
                let c = compare(significand, halfwayAbove: b)
                if c > 0 || (c == 0 && b & 1 == 1) { b += 1; continue }
            }
            if b > 0 {
                let c = compare(significand, halfwayAbove: b - 1)
                if c < 0 || (c == 0 && b & 1 == 1) { b -= 1; continue }
            }
            return b
        }
    }

    /// The sign of `value - halfway(b, b + 1)` where value is `significand 10^exponent` + sticky.
    func compare(_ significand: BigInteger, halfwayAbove b: UInt64) -> Int {
        let biased = Int(b >> 52), fraction = b & ((1 << 52) - 1)
        let m = biased == 0 ? fraction : fraction | (1 << 52)
        let k = biased == 0 ? -1074 : biased - 1075  // b = m 2^k
        var left = significand, right = BigInteger(2 * m + 1)
        var leftTwos = 0, rightTwos = k - 1
        if exponent >= 0 {
            left.multiplyByPowerOfFive(exponent)
            leftTwos = exponent
        } else {
            right.multiplyByPowerOfFive(-exponent)
            leftTwos = exponent
        }
        if leftTwos > rightTwos { left.shiftLeft(leftTwos - rightTwos) } else { right.shiftLeft(rightTwos - leftTwos) }
        let c = left.compare(right)
        if c == 0 && sticky { return 1 }
        return c
    }
}

/// A nonnegative integer in 32-bit limbs, least significant first: just what the comparison needs.
struct BigInteger {
    var limbs: [UInt32]

    init(_ v: UInt64) {
        limbs = [UInt32(truncatingIfNeeded: v), UInt32(truncatingIfNeeded: v >> 32)]
        normalise()
    }

    /// From decimal digit values, most significant first, nine at a time.
    init(decimalDigits d: [UInt8]) {
        limbs = []
        limbs.reserveCapacity(d.count / 9 + 2)
        var i = 0
        while i < d.count {
            let n = min(9, d.count - i)
            var chunk: UInt32 = 0, scale: UInt32 = 1
            for k in 0..<n { chunk = chunk * 10 + UInt32(d[i + k]); scale *= 10 }
            multiplyAdd(scale, chunk)
            i += n
        }
        normalise()
    }

    mutating func normalise() { while let l = limbs.last, l == 0 { limbs.removeLast() } }

    /// `self = self * factor + addend`.
    mutating func multiplyAdd(_ factor: UInt32, _ addend: UInt32) {
        var carry = UInt64(addend)
        for k in limbs.indices {
            let v = UInt64(limbs[k]) * UInt64(factor) + carry
            limbs[k] = UInt32(truncatingIfNeeded: v)
            carry = v >> 32
        }
        if carry != 0 { limbs.append(UInt32(carry)) }
    }

    mutating func multiplyByPowerOfFive(_ n: Int) {
        var n = n
        while n >= 13 { multiplyAdd(1_220_703_125, 0); n -= 13 }  // 5^13 < 2^32
        if n > 0 {
            var f: UInt32 = 1
            for _ in 0..<n { f *= 5 }
            multiplyAdd(f, 0)
        }
    }

    mutating func shiftLeft(_ bits: Int) {
        guard bits > 0, !limbs.isEmpty else { return }
        let words = bits / 32, r = bits % 32
        if r > 0 {
            var carry: UInt32 = 0
            for k in limbs.indices {
                let v = limbs[k]
                limbs[k] = (v << UInt32(r)) | carry
                carry = v >> UInt32(32 - r)
            }
            if carry != 0 { limbs.append(carry) }
        }
        if words > 0 { limbs.insert(contentsOf: repeatElement(0, count: words), at: 0) }
    }

    /// -1, 0 or 1 as `self` is below, equal to or above `other`.
    func compare(_ other: BigInteger) -> Int {
        if limbs.count != other.limbs.count { return limbs.count < other.limbs.count ? -1 : 1 }
        var k = limbs.count - 1
        while k >= 0 {
            if limbs[k] != other.limbs[k] { return limbs[k] < other.limbs[k] ? -1 : 1 }
            k -= 1
        }
        return 0
    }
}
