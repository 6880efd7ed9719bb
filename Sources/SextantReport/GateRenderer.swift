import Foundation
import SextantAnalysis
import SextantGate
import SextantHistory

/// Output formats of `sextant gate` and `sextant analyze`.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// A plain-text table for terminals.
    case table
    /// GitHub-flavoured Markdown for a pull-request comment or a CI step summary.
    case md
    /// JSON for machines.
    case json
    /// JUnit XML: one test case per benchmark and check.
    case junit
    /// CSV, one row per benchmark (gate) or series (analyze).
    case csv
}

/// Renders a ``GateReport``.
public enum GateRenderer {
    /// The report in `format`. `failOnInconclusive` makes inconclusive verdicts JUnit failures instead of skips.
    public static func render(_ report: GateReport, format: ReportFormat, failOnInconclusive: Bool = false) -> String {
        switch format {
        case .table: return table(report)
        case .md: return markdown(report)
        case .json: return json(report)
        case .junit: return junit(report, failOnInconclusive: failOnInconclusive)
        case .csv: return csv(report)
        }
    }

    static func headline(_ r: GateReport) -> String {
        let c = r.verdictCounts
        var parts: [String] = []
        if let n = c[.regression] {
            let excused = r.results.filter { $0.verdict == .regression && !$0.isUntriagedRegression }.count
            parts.append("\(n) regression\(n == 1 ? "" : "s")" + (excused > 0 ? " (\(excused) triaged: \(triageCounts(r)))" : ""))
        }
        if r.slaViolations > 0 { parts.append("\(r.slaViolations) SLA violation\(r.slaViolations == 1 ? "" : "s")") }
        if let n = c[.improvement] { parts.append("\(n) improvement\(n == 1 ? "" : "s")") }
        if let n = c[.noChange] { parts.append("\(n) no change") }
        if let n = c[.inconclusive] { parts.append("\(n) inconclusive") }
        if r.slaInconclusive > 0 { parts.append("\(r.slaInconclusive) SLA check\(r.slaInconclusive == 1 ? "" : "s") inconclusive") }
        if r.forecastWarnings > 0 { parts.append("\(r.forecastWarnings) forecast warning\(r.forecastWarnings == 1 ? "" : "s")") }
        return parts.joined(separator: ", ")
    }

    /// `1 acknowledged, 1 expected`: the statuses of the triaged regressions that do not fail the gate.
    static func triageCounts(_ r: GateReport) -> String {
        let marks = r.results.filter { $0.verdict == .regression && !$0.isUntriagedRegression }.compactMap(\.triage?.status)
        return TriageStatus.allCases.compactMap { s in
            let n = marks.filter { $0 == s }.count
            return n > 0 ? "\(n) \(s.rawValue)" : nil
        }.joined(separator: ", ")
    }

    /// The verdict as the tables show it: `REGRESSION`, or `regression (acknowledged)` when a triage
    /// record excuses it.
    static func verdictText(_ b: BenchmarkResult) -> String {
        if b.verdict == .regression, let t = b.triage, t.status.passesGate { return "regression (\(t.status.rawValue))" }
        return Format.verdict(b.verdict) + (b.triage.map { " [\($0.status.rawValue)]" } ?? "")
    }

    /// The results whose bisect window the reports name: every regression, triaged or not.
    static func windowed(_ r: GateReport) -> [BenchmarkResult] {
        ordered(r).filter { $0.verdict == .regression && $0.window != nil }
    }

    /// Failures first, then inconclusive, improvements, no change; by name within each group.
    static func ordered(_ r: GateReport) -> [BenchmarkResult] {
        func rank(_ b: BenchmarkResult) -> Int {
            if b.failsGate { return 0 }
            switch b.verdict {
            case .inconclusive: return 1
            case .improvement: return 2
            case .noChange: return 3
            case .regression: return 1
            }
        }
        return r.results.sorted { (rank($0), $0.benchmark, $0.metric) < (rank($1), $1.benchmark, $1.metric) }
    }

    static func row(_ b: BenchmarkResult) -> [String] {
        [b.benchmark, b.metric,
         b.baselineLevel.map { Format.quantity($0, unit: b.unit) } ?? "-",
         Format.quantity(b.candidateLevel, unit: b.unit),
         b.effect.map { Format.change($0.estimate) } ?? "-",
         b.effect.map(Format.interval) ?? "-",
         Format.pValue(b.adjustedPValue),
         noiseSource(b),
         verdictText(b) + (b.decisive ? "" : " (advisory)")]
    }

    /// Where the noise estimate came from, and whether the shared factor was removed (issue 14).
    static func noiseSource(_ b: BenchmarkResult) -> String {
        let base: String
        switch b.method {
        case .predictionInterval, .runRanks: base = "\(b.baselineRuns) runs"
        case .pairedRuns: base = "\(b.baselineRuns) pairs"
        case .bootstrapMedianRatio: base = "samples"
        case .insufficientData: base = "-"
        }
        return b.sharedFactor.map { base + " - \($0)" } ?? base
    }

    /// "decided by: instructions" when the outcome rests on some metrics only; each metric name (text
    /// from a file) passes `escape`, the output language's escaping function.
    static func decidedLine(_ r: GateReport, escape: (String) -> String) -> String? {
        let metrics = r.decidedBy
        let advisory = r.results.filter { !$0.decisive }.count
        // Said whenever instruction counts take part (otherwise every judged metric decides, as before).
        guard !metrics.isEmpty, advisory > 0 || metrics.contains(where: InstructionCounts.isInstructions) else { return nil }
        return "decided by: \(metrics.map(escape).joined(separator: ", "))" + (advisory > 0 ? " (\(advisory) advisory comparison(s) of other metrics)" : "")
    }

    // MARK: Table

    static func table(_ r: GateReport) -> String {
        var out = "sextant gate: \(r.outcome.rawValue.uppercased()) (\(headline(r)))\n"
        out += "\(r.results.count) comparisons; \(Format.percent(r.confidence)) intervals; Benjamini-Hochberg FDR \(Format.percent(r.falseDiscoveryRate))\n"
        // Descriptions hold names from files (a commit, a baseline file): terminal text, as every cell.
        if !r.baselineDescription.isEmpty { out += "baseline: \(Escape.terminal(r.baselineDescription))\n" }
        if !r.candidateDescription.isEmpty { out += "candidate: \(Escape.terminal(r.candidateDescription))\n" }
        if let line = decidedLine(r, escape: Escape.terminal) { out += line + "\n" }
        out += "\n"
        let ci = "\(Format.percent(r.confidence)) CI"
        out += Format.table(["BENCHMARK", "METRIC", "BASELINE", "CANDIDATE", "CHANGE", ci, "q", "NOISE FROM", "VERDICT"],
                            ordered(r).map(row), rightAligned: [2, 3, 4, 6])
        let checks = ordered(r).flatMap { b in b.slaChecks.map { (b.benchmark, $0) } }
        if !checks.isEmpty {
            out += "\nSLA checks (judged on the \(Format.percent(r.confidence)) interval of the candidate's level)\n"
            out += Format.table(["BENCHMARK", "CHECK", "LIMIT", "ESTIMATE", "INTERVAL", "STATUS"], checks.map { name, c in
                [name, c.key, Format.slaQuantity(c.limit, unit: c.unit), Format.slaQuantity(c.estimate, unit: c.unit),
                 Format.slaInterval(c.lower, c.upper, unit: c.unit), c.status == .violation ? "VIOLATION" : c.status.rawValue]
            }, rightAligned: [2, 3])
        }
        let warnings = r.results.flatMap { b in b.forecastWarnings.map { (b.benchmark, $0) } }
        if !warnings.isEmpty {
            out += "\nForecast warnings\n"
            for (name, w) in warnings { out += "  \(Escape.terminal(name)): \(forecastSentence(w))\n" }
        }
        let notes = ordered(r).filter { $0.verdict != .noChange && $0.verdict != .improvement && !$0.reason.isEmpty }
        if !notes.isEmpty {
            out += "\nWhy\n"
            for b in notes { out += "  \(Escape.terminal(b.benchmark)) \(Escape.terminal(b.metric)): \(Escape.terminal(b.reason))\n" }
        }
        let triaged = ordered(r).filter { $0.triage != nil }
        if !triaged.isEmpty {
            out += "\nTriage\n"
            for b in triaged { out += "  \(Escape.terminal(b.benchmark)) \(Escape.terminal(b.metric)): \(Escape.terminal(b.triage!.summary))\n" }
        }
        let windows = windowed(r)
        if !windows.isEmpty {
            out += "\nBisect windows\n"
            for b in windows { out += "  \(Escape.terminal(b.benchmark)) \(Escape.terminal(b.metric)): \(Escape.terminal(b.window!.summary))\n" }
        }
        return out
    }

    static func forecastSentence(_ w: ForecastWarning) -> String {
        var s = "trend \(DecimalFormat.fixed(w.relativeSlopePerRun * 100, decimals: 2, plus: true))% per run reaches \(w.key) = \(Format.slaQuantity(w.limit, unit: w.unit)) in about \(w.runsToBreach) runs"
        let earliest = w.earliest.map(String.init) ?? "?"
        let latest = w.latest.map(String.init) ?? ">\(w.horizon)"
        s += " (interval \(earliest)-\(latest) runs)"
        return s
    }

    // MARK: Markdown

    static func markdown(_ r: GateReport) -> String {
        let icon: String
        switch r.outcome {
        case .pass: icon = "✅"
        case .fail: icon = "❌"
        case .inconclusive: icon = "⚠️"
        }
        var out = "### \(icon) Sextant gate: \(r.outcome.rawValue)\n\n"
        out += "\(headline(r)).\n\n"
        var meta: [String] = []
        if !r.baselineDescription.isEmpty { meta.append("Baseline: \(Escape.markdownCode(r.baselineDescription))") }
        if !r.candidateDescription.isEmpty { meta.append("Candidate: \(Escape.markdownCode(r.candidateDescription))") }
        if let line = decidedLine(r, escape: Escape.markdownCode) { meta.append(line.prefix(1).uppercased() + line.dropFirst()) }
        meta.append("\(Format.percent(r.confidence)) intervals, false discovery rate \(Format.percent(r.falseDiscoveryRate)) (Benjamini-Hochberg)")
        out += meta.joined(separator: " · ") + "\n\n"
        let ci = "\(Format.percent(r.confidence)) interval"
        func mdTable(_ rows: [BenchmarkResult]) -> String {
            var t = "| Benchmark | Metric | Baseline | Candidate | Change | \(ci) | q | Verdict |\n"
            t += "|---|---|--:|--:|--:|---|--:|---|\n"
            for b in rows {
                let cells = row(b)
                // verdictText holds only fixed words and status names: no escaping needed.
                let verdict = b.isUntriagedRegression ? "**regression**" : verdictText(b)
                t += "| \(Escape.markdownCode(cells[0])) | \(Escape.markdownText(cells[1])) | \(cells[2]) | \(cells[3]) | \(cells[4]) | \(cells[5]) | \(cells[6]) | \(verdict) |\n"
            }
            return t
        }
        let all = ordered(r)
        let attention = all.filter { $0.verdict == .regression || $0.verdict == .inconclusive || $0.verdict == .improvement }
        let quiet = all.filter { !attention.contains($0) }
        if !attention.isEmpty { out += mdTable(attention) + "\n" }
        let checks = all.flatMap { b in b.slaChecks.map { (b.benchmark, $0) } }
        let badChecks = checks.filter { $0.1.status != .pass }
        if !badChecks.isEmpty {
            out += "**SLA checks needing attention**\n\n| Benchmark | Check | Limit | Estimate | Interval | Status |\n|---|---|--:|--:|---|---|\n"
            for (name, c) in badChecks {
                out += "| \(Escape.markdownCode(name)) | \(c.key) | \(Format.slaQuantity(c.limit, unit: c.unit)) | \(Format.slaQuantity(c.estimate, unit: c.unit)) | \(Format.slaInterval(c.lower, c.upper, unit: c.unit)) | \(c.status == .violation ? "**violation**" : c.status.rawValue) |\n"
            }
            out += "\n"
        }
        let warnings = all.flatMap { b in b.forecastWarnings.map { (b.benchmark, $0) } }
        if !warnings.isEmpty {
            out += "**Forecast warnings**\n\n"
            for (name, w) in warnings { out += "- \(Escape.markdownCode(name)): \(forecastSentence(w))\n" }
            out += "\n"
        }
        if !quiet.isEmpty {
            out += "<details><summary>\(quiet.count) with no change</summary>\n\n" + mdTable(quiet) + "\n</details>\n\n"
        }
        let passing = checks.filter { $0.1.status == .pass }
        if !passing.isEmpty {
            out += "<details><summary>\(passing.count) SLA checks passed</summary>\n\n| Benchmark | Check | Limit | Estimate | Interval |\n|---|---|--:|--:|---|\n"
            for (name, c) in passing {
                out += "| \(Escape.markdownCode(name)) | \(c.key) | \(Format.slaQuantity(c.limit, unit: c.unit)) | \(Format.slaQuantity(c.estimate, unit: c.unit)) | \(Format.slaInterval(c.lower, c.upper, unit: c.unit)) |\n"
            }
            out += "\n</details>\n\n"
        }
        let triaged = all.filter { $0.triage != nil }
        if !triaged.isEmpty {
            out += "**Triage**\n\n"
            for b in triaged { out += "- \(Escape.markdownCode(b.benchmark)) \(Escape.markdownText(b.metric)): \(b.triage!.summary(escaping: Escape.markdownText))\n" }
            out += "\n"
        }
        let windows = windowed(r)
        if !windows.isEmpty {
            out += "**Bisect windows**\n\n"
            for b in windows { out += "- \(Escape.markdownCode(b.benchmark)) \(Escape.markdownText(b.metric)): \(markdownWindow(b.window!))\n" }
            out += "\n"
        }
        let reasons = attention.filter { !$0.reason.isEmpty }
        if !reasons.isEmpty {
            out += "<details><summary>Why</summary>\n\n"
            for b in reasons { out += "- \(Escape.markdownCode(b.benchmark)) \(Escape.markdownText(b.metric)): \(Escape.markdownText(b.reason))\n" }
            out += "\n</details>\n"
        }
        return out
    }

    /// A bisect window in Markdown: commits as code, the bisect command as code.
    static func markdownWindow(_ w: BisectWindow) -> String {
        func side(_ x: RunReference) -> String {
            let c = x.commit.map { Escape.markdownCode($0) } ?? (x.run.map { "run \($0)" } ?? "?")
            return x.timestamp.map { "\(c) (\(Timestamps.format($0)))" } ?? c
        }
        var s = "last good \(side(w.lastGood)), first bad \(side(w.firstBad))"
        if let c = w.culprit { return s + "; culprit: \(Escape.markdownCode(c))" }
        if let n = w.commits { s += "; \(n) commit\(n == 1 ? "" : "s") between" }
        if let cmd = w.bisectCommand { s += "; \(Escape.markdownCode(cmd))" }
        return s
    }

    // MARK: JSON

    static func json(_ r: GateReport) -> String {
        let encoder = ReportJSON.encoder(pretty: true)
        struct Envelope: Encodable {
            /// The version of docs/formats/gate.schema.json this output follows.
            var schemaVersion = 1
            var tool = "sextant gate"
            var outcome: GateOutcome
            var summary: [String: Int]
            var report: GateReport
        }
        var summary: [String: Int] = [:]
        for v in Verdict.allCases { summary[v.rawValue] = r.verdictCounts[v] ?? 0 }
        summary["sla-violation"] = r.slaViolations
        summary["sla-inconclusive"] = r.slaInconclusive
        summary["forecast-warning"] = r.forecastWarnings
        summary["triaged-regression"] = r.results.filter { $0.verdict == .regression && !$0.isUntriagedRegression }.count
        let data = (try? encoder.encode(Envelope(outcome: r.outcome, summary: summary, report: r))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // MARK: JUnit

    /// JUnit XML as read by Jenkins, GitLab, GitHub test reporters and `junitparser`: one `<testcase>` per
    /// comparison (`classname` = `sextant.regression.<metric>`), per SLA check (`sextant.sla.<key>`) and per
    /// forecast warning (`sextant.forecast.<key>`, passing, message in `<system-out>`). Failures carry the
    /// effect and its interval in `message`; inconclusive results are `<skipped>` unless asked to fail.
    static func junit(_ r: GateReport, failOnInconclusive: Bool) -> String {
        struct Case { var classname: String; var name: String; var failure: (type: String, message: String, text: String)?; var skipped: String?; var out: String? }
        var cases: [Case] = []
        let conf = Format.percent(r.confidence)
        for b in ordered(r) {
            var detail = "method: \(b.method.rawValue); baseline runs: \(b.baselineRuns)"
            if let e = b.effect {
                detail += "; effect \(Format.change(e.estimate)) \(conf) interval \(Format.interval(e))"
            }
            detail += "; q = \(Format.pValue(b.adjustedPValue)); band ±\(Format.percent(b.minimumEffect)); \(b.reason)"
            if let w = b.window, b.verdict == .regression { detail += "; bisect window: \(w.summary)" }
            if let t = b.triage { detail += "; triage \(t.summary)" }
            let effectText = b.effect.map { "\(Format.change($0.estimate)) \(Format.interval($0))" } ?? "no effect estimate"
            var c = Case(classname: "sextant.regression.\(b.metric)", name: b.benchmark, failure: nil, skipped: nil, out: nil)
            switch b.verdict {
            case .regression where !b.isUntriagedRegression:
                c.out = "regression \(b.triage!.status.rawValue) (not failing): \(b.triage!.reason); \(detail)"
            case .regression:
                c.failure = ("regression", "regression \(effectText), q = \(Format.pValue(b.adjustedPValue))", detail)
            case .inconclusive:
                if failOnInconclusive { c.failure = ("inconclusive", "inconclusive \(effectText)", detail) } else { c.skipped = "inconclusive \(effectText): \(b.reason)" }
            case .improvement, .noChange:
                c.out = "\(b.verdict.rawValue): \(detail)"
            }
            cases.append(c)
            for s in b.slaChecks {
                let text = "\(s.key) limit \(Format.slaQuantity(s.limit, unit: s.unit)); estimate \(Format.slaQuantity(s.estimate, unit: s.unit)) \(conf) interval \(Format.slaInterval(s.lower, s.upper, unit: s.unit))"
                var sc = Case(classname: "sextant.sla.\(s.key)", name: b.benchmark, failure: nil, skipped: nil, out: nil)
                switch s.status {
                case .violation: sc.failure = ("sla-violation", "SLA violation: \(text)", text)
                case .inconclusive:
                    if failOnInconclusive { sc.failure = ("inconclusive", "SLA inconclusive: \(text)", text) } else { sc.skipped = "SLA inconclusive: \(text)" }
                case .pass: sc.out = "pass: \(text)"
                }
                cases.append(sc)
            }
            for w in b.forecastWarnings {
                cases.append(Case(classname: "sextant.forecast.\(w.key)", name: b.benchmark, failure: nil, skipped: nil,
                                  out: "warning: \(forecastSentence(w))"))
            }
        }
        let failures = cases.filter { $0.failure != nil }.count
        let skipped = cases.filter { $0.skipped != nil }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"sextant gate\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\">\n"
        out += "  <testsuite name=\"sextant gate\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"0\">\n"
        out += "    <properties>\n"
        out += "      <property name=\"outcome\" value=\"\(r.outcome.rawValue)\"/>\n"
        out += "      <property name=\"confidence\" value=\"\(r.confidence)\"/>\n"
        out += "      <property name=\"falseDiscoveryRate\" value=\"\(r.falseDiscoveryRate)\"/>\n"
        if !r.baselineDescription.isEmpty { out += "      <property name=\"baseline\" value=\"\(Escape.xmlAttribute(r.baselineDescription))\"/>\n" }
        if !r.candidateDescription.isEmpty { out += "      <property name=\"candidate\" value=\"\(Escape.xmlAttribute(r.candidateDescription))\"/>\n" }
        out += "    </properties>\n"
        for c in cases {
            out += "    <testcase classname=\"\(Escape.xmlAttribute(c.classname))\" name=\"\(Escape.xmlAttribute(c.name))\" time=\"0\""
            if c.failure == nil && c.skipped == nil && c.out == nil { out += "/>\n"; continue }
            out += ">\n"
            if let f = c.failure {
                out += "      <failure type=\"\(f.type)\" message=\"\(Escape.xmlAttribute(f.message))\">\(Escape.xmlText(f.text))</failure>\n"
            }
            if let s = c.skipped { out += "      <skipped message=\"\(Escape.xmlAttribute(s))\"/>\n" }
            if let o = c.out { out += "      <system-out>\(Escape.xmlText(o))</system-out>\n" }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    // MARK: CSV

    static func csv(_ r: GateReport) -> String {
        var out = "benchmark,metric,unit,direction,method,baseline_runs,baseline_level,candidate_level,ratio,ratio_lower,ratio_upper,p_value,q_value,minimum_effect,verdict,sla_violations,sla_inconclusive,forecast_warnings\n"
        for b in r.results {
            let cells: [String] = [
                Escape.csvCell(b.benchmark), Escape.csvCell(b.metric), Escape.csvCell(b.unit), b.direction.rawValue, b.method.rawValue,
                "\(b.baselineRuns)", Format.number(b.baselineLevel), Format.number(b.candidateLevel),
                Format.number(b.effect?.estimate), Format.number(b.effect?.lower), Format.number(b.effect?.upper),
                Format.number(b.pValue), Format.number(b.adjustedPValue), Format.number(b.minimumEffect), b.verdict.rawValue,
                "\(b.slaChecks.filter { $0.status == .violation }.count)",
                "\(b.slaChecks.filter { $0.status == .inconclusive }.count)", "\(b.forecastWarnings.count)",
            ]
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }
}
