import Foundation

/// The one plain-text table layout of every command: a header line, a rule of dashes under each column,
/// then the rows; columns separated by two spaces, padded to their widest cell (left-aligned, or
/// right-aligned for the columns in `rightAligned`), trailing spaces trimmed.
public enum TextTable {
    /// - Complexity: O(total characters).
    /// Every cell passes ``Escape/terminal(_:)``: no name can move the cursor or recolour the terminal.
    public static func render(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        let rows = rows.map { $0.map(Escape.terminal) }
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            var out = cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: max(0, (i < widths.count ? widths[i] : 0) - c.count))
                return rightAligned.contains(i) ? pad + c : c + pad
            }.joined(separator: "  ")
            while out.last == " " { out.removeLast() }
            return out
        }
        var out = line(header) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for r in rows { out += line(r) + "\n" }
        return out
    }
}
