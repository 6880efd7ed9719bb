extension CSVSafety {
    /// One text cell of any CSV Sextant writes: neutralised against formula injection (``neutralise(_:)``),
    /// then quoted when it holds a comma, quote, CR or LF (RFC 4180). Numeric cells do not pass here.
    /// - Complexity: O(length of `s`).
    public static func cell(_ s: String) -> String { csvField(neutralise(s)) }
}
