import Foundation
import SextantAnalysis
import SextantGate
import SextantHistory

/// One thing a notification tells: an untriaged regression or an SLA violation.
public struct Alert: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable { case regression, slaViolation = "sla-violation" }
    public var kind: Kind
    public var benchmark: String
    public var metric: String
    public var unit: String
    /// The relative change (0.12 = +12%) and its interval (gate: the ratio's interval - 1;
    /// analyze: the change point's size, no interval).
    public var change: Double?
    public var changeInterval: [Double]?
    /// The SLA check (kind `sla-violation`): its key, limit, estimate and interval in the check's unit.
    public var check: SLACheck?
    /// The bisect window of the regression, when the report names one.
    public var window: BisectWindow?
    /// One line for people.
    public var text: String
}

/// Where the report was made: the CI run's link (`GITHUB_SERVER_URL`/`GITHUB_REPOSITORY`/actions/runs/`GITHUB_RUN_ID`).
public struct RunLink: Sendable, Codable, Equatable {
    public var url: String?
    public var repository: String?
    public var runID: String?
    public var commit: String?

    public init(url: String? = nil, repository: String? = nil, runID: String? = nil, commit: String? = nil) {
        self.url = url; self.repository = repository; self.runID = runID; self.commit = commit
    }

    /// The link from GitHub Actions' environment variables (nil fields when unset).
    public init(environment env: [String: String]) {
        func v(_ k: String) -> String? { env[k].flatMap { $0.isEmpty ? nil : $0 } }
        repository = v("GITHUB_REPOSITORY")
        runID = v("GITHUB_RUN_ID")
        commit = v("GITHUB_SHA")
        if let server = v("GITHUB_SERVER_URL"), let repository, let runID {
            url = "\(server.hasSuffix("/") ? String(server.dropLast()) : server)/\(repository)/actions/runs/\(runID)"
        }
    }
}

/// What went wrong reading a report for `sextant notify`.
public struct ReportReadError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// The notification of a gate or analyze report (`sextant notify`): the untriaged regressions and
/// SLA violations it holds, as Slack incoming-webhook JSON (`text` plus Block Kit `blocks`) or as
/// Sextant's generic JSON body (docs/formats/notification.schema.json).
public enum NotificationRenderer {
    /// Slack allows 50 blocks per message; one header, one context and a note leave room for this many alerts.
    public static let maximumSlackAlerts = 40

    /// The alerts of a `gate --format json` or `analyze --format json` document, and its tool name.
    /// - Throws: ``ReportReadError`` naming the file when it is neither.
    public static func alerts(fromReport data: Data, file: String) throws -> (tool: String, alerts: [Alert]) {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        decoder.dateDecodingStrategy = .custom { d in
            let c = try d.singleValueContainer()
            let s = try c.decode(String.self)
            guard let date = Timestamps.parse(s) else { throw DecodingError.dataCorruptedError(in: c, debugDescription: "bad time \(s)") }
            return date
        }
        struct Head: Decodable { var tool: String?; var schemaVersion: Int? }
        guard let head = try? decoder.decode(Head.self, from: data), let tool = head.tool else {
            throw ReportReadError(description: "\(file): not a JSON report of `sextant gate --format json` or `sextant analyze --format json`")
        }
        guard head.schemaVersion == 1 else {
            throw ReportReadError(description: "\(file): schemaVersion \(head.schemaVersion.map(String.init) ?? "missing"); this sextant reads 1")
        }
        do {
            switch tool {
            case "sextant gate":
                struct Gate: Decodable { var report: GateReport }
                return (tool, alerts(gate: try decoder.decode(Gate.self, from: data).report))
            case "sextant analyze":
                struct Analysis: Decodable { var series: [SeriesStatus] }
                return (tool, alerts(analysis: try decoder.decode(Analysis.self, from: data).series))
            default:
                throw ReportReadError(description: "\(file): a report of \(tool); notify reads those of `sextant gate` and `sextant analyze`")
            }
        } catch let e as ReportReadError {
            throw e
        } catch {
            throw ReportReadError(description: "\(file): not a report this sextant wrote (\(decodingProblem(error)))")
        }
    }

    static func decodingProblem(_ error: any Error) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        switch e {
        case let .keyNotFound(k, ctx): return "missing \(path(ctx.codingPath + [k]))"
        case let .typeMismatch(_, ctx), let .valueNotFound(_, ctx), let .dataCorrupted(ctx):
            return "bad value at \(path(ctx.codingPath)): \(ctx.debugDescription)"
        @unknown default: return "\(e)"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }

    /// A gate report's alerts: every decisive regression without an excusing triage record, every SLA violation.
    public static func alerts(gate r: GateReport) -> [Alert] {
        var out: [Alert] = []
        for b in GateRenderer.ordered(r) {
            if b.decisive && b.isUntriagedRegression {
                let change = b.relativeChange
                let interval = b.effect.map { [$0.lower - 1, $0.upper - 1] }
                var text = "regression \(b.benchmark) [\(b.metric)]: \(b.effect.map { "\(Format.change($0.estimate)) \(Format.interval($0))" } ?? "?")"
                if let base = b.baselineLevel { text += ", \(Format.quantity(base, unit: b.unit)) -> \(Format.quantity(b.candidateLevel, unit: b.unit))" }
                if let w = b.window { text += "; \(w.summary)" }
                out.append(Alert(kind: .regression, benchmark: b.benchmark, metric: b.metric, unit: b.unit, change: change,
                                 changeInterval: interval, check: nil, window: b.window, text: text))
            }
            for c in b.slaChecks where c.status == .violation && b.decisive {
                out.append(slaAlert(c, benchmark: b.benchmark, metric: b.metric, unit: b.unit))
            }
        }
        return out
    }

    /// An analysis' alerts: every series whose last change is an untriaged regression, every SLA violation.
    public static func alerts(analysis statuses: [SeriesStatus]) -> [Alert] {
        var out: [Alert] = []
        for s in AnalysisRenderer.ordered(statuses) {
            if s.isUntriagedRegression, let c = s.lastChange {
                var text = "regression \(s.benchmark) [\(s.metric)]: \(c.relativeChange.map { Format.change(1 + $0) } ?? "?") at run \(c.label.map { CommitName.short($0) } ?? String(c.index))"
                text += ", level now \(Format.quantity(s.level, unit: s.unit)) [\(Format.quantity(s.levelLower, unit: s.unit)), \(Format.quantity(s.levelUpper, unit: s.unit))]"
                if let w = c.window { text += "; \(w.summary)" }
                out.append(Alert(kind: .regression, benchmark: s.benchmark, metric: s.metric, unit: s.unit, change: c.relativeChange,
                                 changeInterval: nil, check: nil, window: c.window, text: text))
            }
            for c in s.slaChecks where c.status == .violation {
                out.append(slaAlert(c, benchmark: s.benchmark, metric: s.metric, unit: s.unit))
            }
        }
        return out
    }

    static func slaAlert(_ c: SLACheck, benchmark: String, metric: String, unit: String) -> Alert {
        let text = "SLA violation \(benchmark) [\(metric)]: \(c.key) limit \(Format.slaQuantity(c.limit, unit: c.unit)), estimate \(Format.slaQuantity(c.estimate, unit: c.unit)) \(Format.slaInterval(c.lower, c.upper, unit: c.unit))"
        return Alert(kind: .slaViolation, benchmark: benchmark, metric: metric, unit: unit, change: nil, changeInterval: nil,
                     check: c, window: nil, text: text)
    }

    /// The one-line title: `Sextant gate: 2 regressions, 1 SLA violation`.
    public static func title(tool: String, alerts: [Alert]) -> String {
        let r = alerts.filter { $0.kind == .regression }.count
        let v = alerts.count - r
        var parts: [String] = []
        if r > 0 { parts.append("\(r) untriaged regression\(r == 1 ? "" : "s")") }
        if v > 0 { parts.append("\(v) SLA violation\(v == 1 ? "" : "s")") }
        return "\(tool == "sextant gate" ? "Sextant gate" : "Sextant analysis"): \(parts.joined(separator: ", "))"
    }

    /// Sextant's generic webhook body (docs/formats/notification.schema.json).
    public static func json(tool: String, alerts: [Alert], run: RunLink, report: String) -> Data {
        struct Body: Encodable {
            var schemaVersion = 1
            var tool = "sextant notify"
            var source: String
            var report: String
            var title: String
            var run: RunLink
            var alerts: [Alert]
        }
        let encoder = ReportJSON.encoder(pretty: false)
        let body = Body(source: tool, report: report, title: title(tool: tool, alerts: alerts), run: run, alerts: alerts)
        return (try? encoder.encode(body)) ?? Data("{}".utf8)
    }

    /// Slack's incoming-webhook message: `text` (the notification's fallback), a header block, one
    /// section per alert (at most ``maximumSlackAlerts``, then a note of how many more) and a context
    /// block with the run's link. Text is escaped as Slack's mrkdwn requires (`&`, `<`, `>`).
    public static func slack(tool: String, alerts: [Alert], run: RunLink, report: String) -> Data {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        // Slack's Block Kit shapes (api.slack.com/reference/block-kit/blocks): a text object, and a
        // block with a text or a list of elements.
        struct TextObject: Encodable { var type: String; var text: String }
        struct Block: Encodable { var type: String; var text: TextObject?; var elements: [TextObject]? }
        struct Message: Encodable { var text: String; var blocks: [Block] }
        let head = title(tool: tool, alerts: alerts)
        var blocks = [Block(type: "header", text: TextObject(type: "plain_text", text: String(head.prefix(150))), elements: nil)]
        for a in alerts.prefix(maximumSlackAlerts) {
            var text = a.kind == .regression ? ":chart_with_upwards_trend: " : ":rotating_light: "
            text += "*\(esc(a.benchmark))* `\(esc(a.metric))`: "
            if a.kind == .regression {
                if let c = a.change { text += "\(Format.change(1 + c))" }
                if let i = a.changeInterval, i.count == 2 { text += " [\(Format.change(1 + i[0])), \(Format.change(1 + i[1]))]" }
            } else if let c = a.check {
                text += "\(esc(c.key)) limit \(esc(Format.slaQuantity(c.limit, unit: c.unit))), estimate \(esc(Format.slaQuantity(c.estimate, unit: c.unit))) \(esc(Format.slaInterval(c.lower, c.upper, unit: c.unit)))"
            }
            if let w = a.window {
                text += "\n" + esc(w.summary)
            }
            blocks.append(Block(type: "section", text: TextObject(type: "mrkdwn", text: String(text.prefix(2900))), elements: nil))
        }
        if alerts.count > maximumSlackAlerts {
            blocks.append(Block(type: "section", text: TextObject(type: "mrkdwn", text: "… and \(alerts.count - maximumSlackAlerts) more in \(esc(report))"), elements: nil))
        }
        var context = "report: \(esc(report))"
        if let url = run.url { context += " · <\(url)|CI run \(esc(run.runID ?? ""))>" }
        if let c = run.commit { context += " · commit `\(esc(CommitName.short(c)))`" }
        blocks.append(Block(type: "context", text: nil, elements: [TextObject(type: "mrkdwn", text: context)]))
        let fallback = ([head] + alerts.prefix(5).map(\.text)).joined(separator: "\n")
        return (try? ReportJSON.encoder(pretty: false).encode(Message(text: fallback, blocks: blocks))) ?? Data("{}".utf8)
    }
}
