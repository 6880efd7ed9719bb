import Foundation
import Testing
import SextantForecast
import SextantReport
import SextantTestSupport

/// Issue 12: what the renderer fuzz targets (Fuzz/fuzz-render-*) found; each input is also in
/// Fuzz/corpus/<target>/crash-*, replayed by `make test`.
@Suite struct FuzzFoundRenderTests {
    /// fuzz-render-md: a name with a control character between two backticks. The fence was one
    /// backtick longer than the longest run *before* the control was dropped (1), but the body holds a
    /// run of two, which closed the code span early and let the rest of the name out as Markdown.
    @Test func markdownCodeCountsBacktickRunsAfterDroppingControls() {
        #expect(Escape.markdownCode("a`\u{18}`b") == "```a``b```")
        #expect(Escape.markdownCode("`\u{7}`") == "``` `` ```")
    }

    /// Found while moving the escapes to UTF-8 bytes (issue 12, the renderer speed-up; a differential
    /// run of the old and new functions on 2 million random names): a body that begins with a backtick
    /// followed by a combining mark (`` `\u{301} ``), or ends with one after a prepended mark
    /// (`` x\u{600}` ``), was not padded, because the check compared `Character`s and that pair is one
    /// `Character` that is not a backtick. The fence then ran into the body's backtick, the opening run
    /// was longer than the closing one, the span never closed and the rest of the name was Markdown.
    @Test func markdownCodePadsABacktickThatStartsAGraphemeCluster() {
        for name in ["`\u{301}<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>x\u{600}`"] {
            let md = "| " + Escape.markdownCode(name) + " |"
            #expect(!outsideCodeSpans(md).contains("<img"), "\(md.debugDescription)")
        }
        #expect(Escape.markdownCode("`\u{301}") == "`` `\u{301} ``")
    }

    /// fuzz-render-table / fuzz-render-md: a forecast's unit is the file's text (an unknown unit is
    /// kept as written), and the breach line and Markdown cells wrote it raw: a CR or an escape
    /// sequence reached the terminal, `<img>` the Markdown.
    @Test func forecastUnitIsEscaped() {
        let f = Forecast(model: "m", mean: [1, 2], bands: [Forecast.Band(level: 95, lower: [0.5, 1], upper: [1.5, 3])])
        let breach = BreachForecast(forecast: f, lastObservation: 1, limit: 2.5, direction: .lowerIsBetter)
        let unit = "op\r\u{1B}[31m<img src=x onerror=alert(1)>"
        let entry = ForecastRenderer.Entry(benchmark: "b", metric: "m", unit: unit, result: .success(f), breach: breach)
        let table = ForecastRenderer.render([entry], format: .table)
        #expect(!table.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(table.debugDescription)")
        let md = ForecastRenderer.render([entry], format: .md)
        // `\<img` is Markdown text; an unescaped `<img` would be HTML.
        #expect(!md.replacingOccurrences(of: "\\<", with: "").contains("<img"), "\(md)")
        #expect(!md.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        // The store's own units display as before.
        let plain = ForecastRenderer.Entry(benchmark: "b", metric: "time", unit: "s", result: .success(f), breach: breach)
        #expect(ForecastRenderer.render([plain], format: .md).contains("| 1 | 1.000 s |"))
    }

    /// fuzz-render-csv: a quote followed by a combining mark (U+0598) is one Swift `Character`, so the
    /// quote-doubling, a `String` search, did not see it: the cell was quoted but its quote left single,
    /// which ended the quoted cell early and shifted every later column of the row.
    @Test func csvDoublesAQuoteThatStartsAGraphemeCluster() {
        let name = "a\"\u{598}b,c"
        #expect(Escape.csvCell(name) == "\"a\"\"\u{598}b,c\"")
        #expect(csvRows(Escape.csvCell(name) + ",x\n") == [[name, "x"]])
    }
}
