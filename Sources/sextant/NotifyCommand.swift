import ArgumentParser
import Foundation
import SextantGate
import SextantNet
import SextantReport

/// `sextant notify REPORT.json`: posts one message (Slack or generic JSON) when a gate or analyze
/// report holds an untriaged regression or an SLA violation (SextantReport builds it, SextantNet sends it).
struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Post one webhook message when a gate or analyze JSON report holds an untriaged regression or SLA violation.",
        discussion: """
            The webhook URL comes from --webhook, else $SEXTANT_WEBHOOK_URL, else the policy's notify section \
            ({"notify": {"webhookEnv": "NAME"}} names a variable holding it; {"webhook": URL} gives it). \
            Nothing is sent, exit 0, when the report holds no untriaged regression and no SLA violation. \
            Transport failures, 429 and 5xx are retried with exponential backoff; when delivery still fails, \
            one line on stderr and exit 2 (a workflow that must not fail on it appends `|| true`). \
            The URL's path, query and credentials never appear in any output. The run link comes from \
            GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_RUN_ID when set. See docs/triage.md.
            """)

    enum MessageFormat: String, ExpressibleByArgument, CaseIterable {
        /// Slack's incoming-webhook JSON (text and Block Kit blocks).
        case slack
        /// Sextant's generic body (docs/formats/notification.schema.json).
        case json
    }

    @Argument(help: "The report: what `sextant gate --format json` or `sextant analyze --format json` wrote.")
    var report: String

    @Option(help: ArgumentHelp("The webhook URL (a secret: prefer $SEXTANT_WEBHOOK_URL).", valueName: "url"))
    var webhook: String?

    @Option(help: "slack or json (default: the policy's notify.format, else slack).")
    var format: MessageFormat?

    @Option(help: "Policy file with a notify section.")
    var policy: String?

    @Option(help: "Seconds per HTTP attempt.")
    var timeout: Double = 10

    @Option(help: "HTTP attempts in all (transient failures: refused, timeout, 429, 5xx).")
    var attempts: Int = 3

    @Option(help: "Seconds before the first retry (doubled after each).")
    var backoff: Double = 1

    func validate() throws {
        guard timeout > 0, timeout <= 300 else { throw ValidationError("--timeout must be in (0, 300] seconds") }
        guard (1...10).contains(attempts) else { throw ValidationError("--attempts must be in 1...10") }
        guard backoff >= 0, backoff <= 60 else { throw ValidationError("--backoff must be in [0, 60] seconds") }
    }

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let policy = try loadPolicy(self.policy)
        // The URL before the report: a misconfigured job fails even on a quiet day.
        var url = webhook ?? env["SEXTANT_WEBHOOK_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if url == nil, let n = policy.notify {
            if let name = n.webhookEnv { url = env[name].flatMap { $0.isEmpty ? nil : $0 } }
            if url == nil { url = n.webhook }
        }
        guard let url else {
            throw inputError(ValidationError("notify: no webhook: give --webhook, set SEXTANT_WEBHOOK_URL, or a notify section in the policy"))
        }
        var client = HTTPClient()
        client.timeout = timeout
        client.attempts = attempts
        client.backoff = backoff
        let hook: Webhook
        do { hook = try Webhook(url, client: client) } catch { throw inputError(ValidationError("notify: \(error)")) }

        guard let data = FileManager.default.contents(atPath: report) else {
            throw inputError(ValidationError("notify: cannot read \(report)"))
        }
        let found: (tool: String, alerts: [Alert])
        do { found = try NotificationRenderer.alerts(fromReport: data, file: report) } catch {
            throw inputError(ValidationError("notify: \(error)"))
        }
        guard !found.alerts.isEmpty else {
            printOut("notify: \(report): no untriaged regression or SLA violation: nothing sent")
            return
        }
        let format = self.format ?? policy.notify?.format.flatMap(MessageFormat.init(rawValue:)) ?? .slack
        let run = RunLink(environment: env)
        let body = format == .slack
            ? NotificationRenderer.slack(tool: found.tool, alerts: found.alerts, run: run, report: report)
            : NotificationRenderer.json(tool: found.tool, alerts: found.alerts, run: run, report: report)
        do {
            let r = try hook.post(json: body)
            printOut("notify: sent \(found.alerts.count) alert(s) (\(format.rawValue)) to \(hook.displayURL): HTTP \(r.status)")
        } catch {
            throw inputError(ValidationError("notify: \(hook.client.redactor("\(error)"))"))
        }
    }
}
