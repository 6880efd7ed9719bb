/// Strict UTF-8 validation that says where the first problem is.
public enum UTF8Check {
    /// Where a byte sequence stops being valid UTF-8.
    public struct Position: Sendable, Equatable {
        /// 0-based byte offset of the first invalid byte.
        public var offset: Int
        /// 1-based line of that byte (lines end at LF).
        public var line: Int
        /// What is wrong: "truncated sequence", "bad continuation byte", ...
        public var problem: String
    }

    /// The first invalid position in `bytes` (overlong forms, surrogates, scalars above U+10FFFF,
    /// stray continuation bytes and truncated sequences are all invalid), or nil when valid.
    /// - Complexity: O(n).
    public static func firstInvalid<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Position? {
        if let r = bytes.withContiguousStorageIfAvailable({ scan($0) }) { return r }
        return Array(bytes).withUnsafeBufferPointer { scan($0) }
    }

    static func scan(_ b: UnsafeBufferPointer<UInt8>) -> Position? {
        // ASCII is skipped eight bytes at a time; the line is counted only for a problem found.
        func at(_ offset: Int, _ problem: String) -> Position {
            var line = 1
            for k in 0..<offset where b[k] == 0x0A { line += 1 }
            return Position(offset: offset, line: line, problem: problem)
        }
        guard let base = b.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var i = 0
        let n = b.count
        while i < n {
            while i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            if i >= n { break }
            let c = b[i]
            if c < 0x80 {
                i += 1
                continue
            }
            let len: Int
            let minScalar: UInt32
            var scalar: UInt32
            if c & 0xE0 == 0xC0 { len = 2; scalar = UInt32(c & 0x1F); minScalar = 0x80 }
            else if c & 0xF0 == 0xE0 { len = 3; scalar = UInt32(c & 0x0F); minScalar = 0x800 }
            else if c & 0xF8 == 0xF0 { len = 4; scalar = UInt32(c & 0x07); minScalar = 0x10000 }
            else { return at(i, "byte 0x\(String(c, radix: 16, uppercase: true)) cannot start a character") }
            guard i + len <= n else { return at(i, "truncated sequence") }
            for k in 1..<len {
                let cc = b[i + k]
                guard cc & 0xC0 == 0x80 else { return at(i + k, "bad continuation byte") }
                scalar = scalar << 6 | UInt32(cc & 0x3F)
            }
            if scalar < minScalar || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
                return at(i, "bad sequence")
            }
            i += len
        }
        return nil
    }
}
