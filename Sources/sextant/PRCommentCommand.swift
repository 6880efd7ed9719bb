import ArgumentParser
import Foundation
import SextantNet

/// `sextant pr-comment FILE.md`: creates or updates the pull request's Sextant comment (SextantNet).
struct PRCommentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pr-comment",
        abstract: "Create or update (found by a hidden marker) the pull request comment holding a Markdown report.",
        discussion: """
            Reads GITHUB_API_URL (default https://api.github.com), GITHUB_REPOSITORY (owner/repo) and \
            GITHUB_TOKEN; the pull request number from --pr, else from the event payload at GITHUB_EVENT_PATH. \
            Any 4xx/5xx answer or network failure after the retries is one line on stderr and exit 2. \
            The token never appears in any output.
            """)

    @Argument(help: "The Markdown file to post (e.g. what `sextant gate --format md` wrote).")
    var file: String

    @Option(help: "The pull request number (default: from $GITHUB_EVENT_PATH).")
    var pr: Int?

    @Option(help: "The marker key: one comment per key is kept up to date.")
    var marker: String = "gate"

    @Option(help: "Seconds per HTTP attempt.")
    var timeout: Double = 10

    @Option(help: "HTTP attempts in all (transient failures: refused, timeout, 429, 5xx).")
    var attempts: Int = 3

    func validate() throws {
        guard marker.range(of: #"^[A-Za-z0-9._-]{1,64}$"#, options: .regularExpression) != nil else {
            throw ValidationError("--marker must be 1-64 letters, digits, '.', '_' or '-'")
        }
        guard timeout > 0, timeout <= 300 else { throw ValidationError("--timeout must be in (0, 300] seconds") }
        guard (1...10).contains(attempts) else { throw ValidationError("--attempts must be in 1...10") }
        if let pr, pr < 1 { throw ValidationError("--pr must be a positive number") }
    }

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        func need(_ key: String) throws -> String {
            guard let v = env[key], !v.isEmpty else { throw inputError(ValidationError("pr-comment: \(key) is not set")) }
            return v
        }
        let token = try need("GITHUB_TOKEN")
        let repository = try need("GITHUB_REPOSITORY")
        guard repository.range(of: #"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"#, options: .regularExpression) != nil else {
            throw inputError(ValidationError("pr-comment: GITHUB_REPOSITORY must be owner/repo, not \(repository)"))
        }
        let api = env["GITHUB_API_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://api.github.com"
        guard let apiURL = URL(string: api), let scheme = apiURL.scheme, ["http", "https"].contains(scheme), apiURL.host != nil else {
            throw inputError(ValidationError("pr-comment: GITHUB_API_URL is not an http(s) URL"))
        }
        var number = pr
        if number == nil {
            guard let path = env["GITHUB_EVENT_PATH"], !path.isEmpty else {
                throw inputError(ValidationError("pr-comment: no --pr and GITHUB_EVENT_PATH is not set"))
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw inputError(ValidationError("pr-comment: cannot read GITHUB_EVENT_PATH \(path)"))
            }
            guard let n = PullRequestComment.number(fromEvent: data) else {
                throw inputError(ValidationError("pr-comment: \(path): the event is not about a pull request (no pull_request.number); pass --pr"))
            }
            number = n
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw inputError(ValidationError("pr-comment: cannot read \(file)"))
        }
        guard let markdown = String(data: data, encoding: .utf8) else {
            throw inputError(ValidationError("pr-comment: \(file) is not UTF-8 text"))
        }
        var client = HTTPClient(secrets: [token])
        client.timeout = timeout
        client.attempts = attempts
        let comment = PullRequestComment(apiURL: apiURL, repository: repository, number: number!, marker: marker,
                                         token: token, client: client)
        do {
            switch try comment.post(markdown: markdown) {
            case let .created(id): printOut("pr-comment: created comment \(id) on \(repository)#\(number!) (marker \(marker))")
            case let .updated(id): printOut("pr-comment: updated comment \(id) on \(repository)#\(number!) (marker \(marker))")
            }
        } catch {
            throw inputError(ValidationError("pr-comment: \(client.redactor("\(error)"))"))
        }
    }
}
