import _SHA256Kernel

/// SHA-256 (FIPS 180-4) of a byte stream, used for run content hashes.
///
/// Written here because Foundation on Linux has no CryptoKit. Incremental: feed bytes with `update`,
/// read the hex digest with `finalize`. The pending block is held inline (no array), so the many
/// short updates of a run's content hash (names, then 8-byte values) cost a copy each, and a full
/// block is compressed in place with the message schedule on the stack.
/// - Complexity: O(n) in the number of bytes hashed.
struct SHA256Hasher {
    /// Whether blocks are compressed with the x86 SHA extensions (`_SHA256Kernel`), when the CPU has them.
    static let hardware = sextant_sha256_has_sha_ni() != 0
    private let useHardware: Bool
    private var h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
    /// The bytes of the block being filled (`used` of them).
    private var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var used = 0
    private var length: UInt64 = 0

    /// The round constants, FIPS 180-4 section 4.2.2: the one table, in `_SHA256Kernel` (the hardware
    /// compression reads it too).
    private static var k: UnsafePointer<UInt32> { sextant_sha256_round_constants() }

    /// `portable` forces the Swift compression (tests compare it with the hardware one).
    init(portable: Bool = false) { useHardware = !portable && SHA256Hasher.hardware }

    mutating func update<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(buffer: UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { update(buffer: $0) } }
    }

    /// Appends bytes, compressing every full 64-byte block.
    mutating func update(buffer raw: UnsafeRawBufferPointer) {
        guard var p = raw.baseAddress, raw.count > 0 else { return }
        length &+= UInt64(raw.count)
        var n = raw.count
        var state = h
        var u = used
        let hw = useHardware
        withUnsafeMutableBytes(of: &block) { b in
            let base = b.baseAddress!
            while n > 0 {
                let take = min(64 - u, n)
                (base + u).copyMemory(from: p, byteCount: take)
                u += take
                p += take
                n -= take
                if u == 64 {
                    if hw {
                        withUnsafeMutablePointer(to: &state) { sp in
                            sp.withMemoryRebound(to: UInt32.self, capacity: 8) { sextant_sha256_blocks($0, base.assumingMemoryBound(to: UInt8.self), 1) }
                        }
                    } else {
                        SHA256Hasher.compress(&state, UnsafeRawPointer(base))
                    }
                    u = 0
                }
            }
        }
        h = state
        used = u
    }

    /// One byte (the content hash's string terminators and nil markers).
    mutating func update(byte: UInt8) {
        var b = byte
        update(buffer: UnsafeRawBufferPointer(start: &b, count: 1))
    }

    mutating func update(_ string: String) {
        var s = string
        s.withUTF8 { update(buffer: UnsafeRawBufferPointer($0)) }
    }

    mutating func update(_ double: Double) {
        var bits = double.bitPattern.littleEndian
        withUnsafeBytes(of: &bits) { update(buffer: $0) }
    }

    mutating func finalize() -> String {
        let bitLength = length &* 8
        var tail = [UInt8](repeating: 0, count: used < 56 ? 56 - used : 120 - used)
        tail[0] = 0x80
        for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        let total = length
        tail.withUnsafeBytes { update(buffer: $0) }
        length = total
        precondition(used == 0, "SHA-256 padding must end on a block boundary")
        let words = [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7]
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for w in words {
            for shift in stride(from: 28, through: 0, by: -4) { out.append(hex[Int((w >> UInt32(shift)) & 0xf)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Compresses the 64-byte block at `block` into `h`.
    private static func compress(_ h: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32),
                                 _ block: UnsafeRawPointer) {
        do {
            let k = SHA256Hasher.k
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { wb in
                let w = wb.baseAddress!
                for i in 0..<16 {
                    w[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
                }
                for i in 16..<64 {
                    let x = w[i - 15], y = w[i - 2]
                    let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
                    let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
                    w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
                }
                var (a, b, c, d, e, f, g, hh) = h
                for i in 0..<64 {
                    let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                    let ch = (e & f) ^ (~e & g)
                    let t1 = hh &+ s1 &+ ch &+ k[i] &+ w[i]
                    let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                    let maj = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = s0 &+ maj
                    hh = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ t2
                }
                h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e, h.5 &+ f, h.6 &+ g, h.7 &+ hh)
            }
        }
    }

    @inline(__always) private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}
