/// The checks every stored name and identifier passes (benchmark, metric, unit, commit, branch,
/// machine, toolchain), and their size limits.
///
/// Refused: a NUL (C strings, SQLite's text functions and many tools stop at it, so `a\0b` would
/// read back as `a` and merge into another series), Unicode non-characters (U+FFFE, U+FFFF, the
/// last two code points of every plane and U+FDD0...U+FDEF: XML 1.0 forbids U+FFFE/U+FFFF, and no
/// tool writes them into a name on purpose), and text longer than the field's limit.
public enum TextField {
    /// Longest benchmark name, in UTF-8 bytes: 4096, Linux's `PATH_MAX`. Benchmark names carry
    /// parameters and paths; one longer than the longest path is not a name but a data error, and a
    /// bound keeps every output line and SQLite row (limit 10^9 bytes) far from its limits.
    public static let maximumNameBytes = 4096
    /// Longest metric, unit, commit, branch, machine or toolchain, in UTF-8 bytes: 1024 (a Git ref
    /// name is bounded by the file-system name limit of 255 bytes per component; four times that
    /// leaves room for paths and descriptive toolchain strings).
    public static let maximumFieldBytes = 1024

    /// Whether `u` is a Unicode non-character (Unicode 15, section 23.7).
    @inlinable public static func isNonCharacter(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return (0xFDD0...0xFDEF).contains(v) || v & 0xFFFE == 0xFFFE
    }

    /// Why `text`, the value of field `field`, cannot be stored, or nil when it can.
    /// - Complexity: O(length of `text`).
    public static func problem(_ text: String, field: String, maximumBytes: Int = maximumFieldBytes) -> String? {
        let count = text.utf8.count
        if count > maximumBytes {
            return "\(field) is \(count) bytes long, more than the limit of \(maximumBytes)"
        }
        var position = 0
        for u in text.unicodeScalars {
            if u.value == 0 { return "\(field) contains a NUL character (at character \(position + 1))" }
            if isNonCharacter(u) {
                return "\(field) contains the Unicode non-character U+\(String(u.value, radix: 16, uppercase: true)) (at character \(position + 1))"
            }
            position += 1
        }
        return nil
    }
}
