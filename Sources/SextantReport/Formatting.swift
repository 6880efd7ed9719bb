import Foundation
import SextantAnalysis
import SextantGate

/// Number and unit formatting shared by the renderers: values in normalised units (s, B, 1/s) are shown
/// in the most readable unit with four significant digits.
enum Format {
    /// A value with its unit scaled to a readable magnitude: the one display rule, SextantCore's
    /// `Units.display(_:unit:)` (`12.34 ns`, `1.500 MiB`, `2.300k/s`).
    static func quantity(_ value: Double, unit: String) -> String { Units.display(value, unit: unit) }

    /// A limit or estimate already in the SLA's own unit (`ms`, `ops/s`, `B`).
    static func slaQuantity(_ value: Double, unit: String) -> String {
        quantity(value, unit: unit)
    }

    /// An interval in the SLA's own unit: `[1.2 ms, 1.4 ms]`.
    static func slaInterval(_ lower: Double, _ upper: Double, unit: String) -> String {
        "[\(quantity(lower, unit: unit)), \(quantity(upper, unit: unit))]"
    }

    /// Four significant digits, no exponent for ordinary magnitudes (SextantCore's `Units.significant`).
    static func sig(_ x: Double, digits: Int = 4) -> String { Units.significant(x, digits: digits) }

    /// A ratio as a signed percentage change (`+5.2%`).
    static func change(_ ratio: Double) -> String {
        guard ratio.isFinite else { return "-" }
        let pct = (ratio - 1) * 100
        if abs(pct) >= 100 { return DecimalFormat.fixed(pct, decimals: 0, plus: true) + "%" }
        return DecimalFormat.fixed(pct, decimals: 1, plus: true) + "%"
    }

    /// `[+1.0%, +3.5%]`.
    static func interval(_ e: RatioInterval) -> String { "[\(change(e.lower)), \(change(e.upper))]" }

    static func pValue(_ p: Double?) -> String {
        guard let p else { return "-" }
        if p < 1e-4 { return "<1e-4" }
        return DecimalFormat.fixed(p, decimals: 4)
    }

    static func percent(_ x: Double) -> String {
        let v = x * 100
        return DecimalFormat.fixed(v, decimals: v == v.rounded() ? 0 : 1) + "%"
    }

    static func verdict(_ v: Verdict) -> String {
        switch v {
        case .regression: return "REGRESSION"
        case .improvement: return "improvement"
        case .noChange: return "no change"
        case .inconclusive: return "inconclusive"
        }
    }

    static func direction(_ d: GateDirection) -> String { d == .lowerIsBetter ? "lower is better" : "higher is better" }

    /// Pads columns to a plain-text table (``TextTable/render(_:_:rightAligned:)``).
    static func table(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        TextTable.render(header, rows, rightAligned: rightAligned)
    }

    /// A JSON string literal (RFC 8259) that is also safe inside an HTML `<script>` element and an XML
    /// CDATA section: `<`, `>` and `&` are written as `\u003c`, `\u003e`, `\u0026` (so no `</script`,
    /// `<!--` or `]]>` can appear), U+2028 and U+2029 escaped (line terminators in older JavaScript),
    /// control characters as `\u00XX`.
    static func scriptString(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                // U+FFFE/U+FFFF are not XML characters: escaped, the page stays well-formed XML.
                if ch.value < 0x20 || ch.value == 0x7F || ch.value == 0xFFFE || ch.value == 0xFFFF {
                    out += "\\u"
                    for shift in [12, 8, 4, 0] { out.unicodeScalars.append(hexDigits[Int((ch.value >> UInt32(shift)) & 0xF)]) }
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out + "\""
    }

    static let hexDigits = Array("0123456789abcdef".unicodeScalars)

    /// A double for machine formats: shortest round-trip text, empty when absent or not finite.
    static func number(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "" }
        return "\(x)"
    }
}
