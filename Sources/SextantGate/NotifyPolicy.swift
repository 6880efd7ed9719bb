import SextantText

/// The policy's `notify` section (issue 19): where `sextant notify` posts, unless `--webhook` or
/// `SEXTANT_WEBHOOK_URL` say otherwise. `{"webhookEnv": "NAME"}` names an environment variable that
/// holds the URL (the safer choice: a webhook URL is a secret, and a policy file is committed);
/// `{"webhook": URL}` gives it directly; `"format"` is `slack` (default) or `json`.
public struct NotifyPolicy: Sendable, Equatable {
    public var webhook: String?
    public var webhookEnv: String?
    public var format: String?

    public init(webhook: String? = nil, webhookEnv: String? = nil, format: String? = nil) {
        self.webhook = webhook; self.webhookEnv = webhookEnv; self.format = format
    }

    static func parse(_ m: JSONMember, file: String) throws(PolicyError) -> NotifyPolicy {
        guard case .object(let members, _) = m.value else {
            throw PolicyError(file: file, line: m.line, message: "\"notify\" must be an object with \"webhookEnv\", \"webhook\" or \"format\"")
        }
        var out = NotifyPolicy()
        for k in members {
            guard case .string(let s) = k.value, !s.isEmpty else {
                throw PolicyError(file: file, line: k.line, message: "\"notify.\(k.key)\" must be a non-empty string")
            }
            switch k.key {
            case "webhook": out.webhook = s
            case "webhookEnv": out.webhookEnv = s
            case "format":
                guard s == "slack" || s == "json" else {
                    throw PolicyError(file: file, line: k.line, message: "\"notify.format\" must be \"slack\" or \"json\", got \"\(s)\"")
                }
                out.format = s
            default:
                throw PolicyError(file: file, line: k.line, message: "unknown key \"\(k.key)\" in notify; allowed: format, webhook, webhookEnv")
            }
        }
        return out
    }
}
