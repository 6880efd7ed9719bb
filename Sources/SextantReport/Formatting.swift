import Foundation
import SextantAnalysis
import SextantGate

/// Number and unit formatting shared by the renderers: values in normalised units (s, B, 1/s) are shown
/// in the most readable unit with four significant digits.
enum Format {
    /// A value with its unit scaled to a readable magnitude (`12.34 ns`, `1.5 MB`, `2.3k ops/s`).
    static func quantity(_ value: Double, unit: String) -> String {
        guard value.isFinite else { return "-" }
        if let toMs = GateUnits.toMilliseconds(unit) {
            let s = value * toMs / 1000
            let a = abs(s)
            if a == 0 { return "0 s" }
            if a < 1e-6 { return "\(sig(s * 1e9)) ns" }
            if a < 1e-3 { return "\(sig(s * 1e6)) µs" }
            if a < 1 { return "\(sig(s * 1e3)) ms" }
            return "\(sig(s)) s"
        }
        if let toB = GateUnits.toBytes(unit) {
            let b = value * toB
            let a = abs(b)
            if a < 1024 { return "\(sig(b)) B" }
            if a < 1024 * 1024 { return "\(sig(b / 1024)) KiB" }
            if a < 1024 * 1024 * 1024 { return "\(sig(b / 1024 / 1024)) MiB" }
            return "\(sig(b / 1024 / 1024 / 1024)) GiB"
        }
        if let toPS = GateUnits.toPerSecond(unit) {
            let r = value * toPS
            let a = abs(r)
            if a >= 1e9 { return "\(sig(r / 1e9))G/s" }
            if a >= 1e6 { return "\(sig(r / 1e6))M/s" }
            if a >= 1e3 { return "\(sig(r / 1e3))k/s" }
            return "\(sig(r))/s"
        }
        return unit.isEmpty ? sig(value) : "\(sig(value)) \(unit)"
    }

    /// A limit or estimate already in the SLA's own unit (`ms`, `ops/s`, `B`).
    static func slaQuantity(_ value: Double, unit: String) -> String {
        quantity(value, unit: unit)
    }

    /// An interval in the SLA's own unit: `[1.2 ms, 1.4 ms]`.
    static func slaInterval(_ lower: Double, _ upper: Double, unit: String) -> String {
        "[\(quantity(lower, unit: unit)), \(quantity(upper, unit: unit))]"
    }

    /// Four significant digits, no exponent for ordinary magnitudes.
    static func sig(_ x: Double, digits: Int = 4) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        if x == 0 { return "0" }
        let a = abs(x)
        if a >= 1e6 || a < 1e-3 { return String(format: "%.\(digits - 1)e", x) }
        let decimals = max(0, digits - 1 - Int(floor(log10(a))))
        return String(format: "%.\(decimals)f", x)
    }

    /// A ratio as a signed percentage change (`+5.2%`).
    static func change(_ ratio: Double) -> String {
        guard ratio.isFinite else { return "-" }
        let pct = (ratio - 1) * 100
        if abs(pct) >= 100 { return String(format: "%+.0f%%", pct) }
        return String(format: "%+.1f%%", pct)
    }

    /// `[+1.0%, +3.5%]`.
    static func interval(_ e: RatioInterval) -> String { "[\(change(e.lower)), \(change(e.upper))]" }

    static func pValue(_ p: Double?) -> String {
        guard let p else { return "-" }
        if p < 1e-4 { return "<1e-4" }
        return String(format: "%.4f", p)
    }

    static func percent(_ x: Double) -> String {
        let v = x * 100
        return v == v.rounded() ? String(format: "%.0f%%", v) : String(format: "%.1f%%", v)
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

    /// Pads columns to a plain-text table.
    static func table(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: max(0, widths[i] - c.count))
                return rightAligned.contains(i) ? pad + c : c + pad
            }.joined(separator: "  ")
        }
        var out = line(header).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for r in rows { out += line(r).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n" }
        return out
    }

    /// Escapes a Markdown table cell.
    static func md(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// Escapes XML text and attribute values.
    static func xml(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // XML 1.0 forbids most control characters.
                if ch.value < 0x20 && ch != "\n" && ch != "\t" && ch != "\r" { out += "?" } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
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
                if ch.value < 0x20 || ch.value == 0x7F {
                    out += String(format: "\\u%04x", ch.value)
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out + "\""
    }

    /// Quotes a CSV field when needed (RFC 4180).
    static func csv(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    /// A double for machine formats: shortest round-trip text, empty when absent or not finite.
    static func number(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "" }
        return "\(x)"
    }
}
