import Foundation
import SextantText

/// Creates or updates one pull-request comment through the GitHub REST API
/// (`/repos/{owner}/{repo}/issues/{number}/comments`, docs.github.com/en/rest/issues/comments).
///
/// The comment is found again by a hidden marker, an HTML comment `<!-- sextant:KEY -->` on its first
/// line, so each run replaces its previous report instead of adding one; different `KEY`s keep
/// several reports on one pull request apart. The comment list is read page by page (`per_page=100`,
/// following the `Link: rel="next"` header, at most `maxPages`).
public struct PullRequestComment: Sendable {
    /// e.g. `https://api.github.com` (`GITHUB_API_URL`).
    public var apiURL: URL
    /// `owner/repo` (`GITHUB_REPOSITORY`).
    public var repository: String
    /// The pull request's number.
    public var number: Int
    /// The marker key.
    public var marker: String
    /// The client (its redactor must know the token).
    public var client: HTTPClient
    /// How many pages of comments are read at most (100 each).
    public var maxPages = 50
    let token: String

    /// GitHub refuses comment bodies over 65,536 characters.
    public static let maxBodyCharacters = 65_536

    public init(apiURL: URL, repository: String, number: Int, marker: String, token: String, client: HTTPClient? = nil) {
        self.apiURL = apiURL
        self.repository = repository
        self.number = number
        self.marker = marker
        self.token = token
        var c = client ?? HTTPClient()
        c.redactor = Redactor(secrets: c.redactor.secrets + [token])
        self.client = c
    }

    /// The hidden first line that identifies the comment.
    public var markerLine: String { "<!-- sextant:\(marker) -->" }

    /// What `post` did.
    public enum Outcome: Sendable, Equatable {
        case created(id: Int64)
        case updated(id: Int64)
    }

    /// Creates the comment, or updates the one carrying the marker.
    /// - Throws: `HTTPError` (one line, token redacted) for any non-2xx answer or transport failure.
    public func post(markdown: String) throws -> Outcome {
        var text = markerLine + "\n" + markdown
        if text.count > Self.maxBodyCharacters {
            let note = "\n\n… (truncated: the report exceeds GitHub's comment limit; see the job summary)"
            text = String(text.prefix(Self.maxBodyCharacters - note.count)) + note
        }
        let body = try Self.requestBody(text)
        if let existing = try find() {
            _ = try call("PATCH", "/repos/\(repository)/issues/comments/\(existing)", body: body)
            return .updated(id: existing)
        }
        let created = try call("POST", "/repos/\(repository)/issues/\(number)/comments", body: body)
        guard let id = (try? JSONReader.parse(created.body))?["id"]?.numberValue.flatMap({ Int64(exactly: $0) }) else {
            throw HTTPError(message: "POST \(apiURL.absoluteString)/repos/\(repository)/issues/\(number)/comments: HTTP \(created.status) without a comment id", status: created.status)
        }
        return .created(id: id)
    }

    /// The JSON of a create or update request, `{"body":"…"}`, written by `JSONEncoder` (the one JSON
    /// writer of the package's machine-readable outputs; no hand-built JSON).
    static func requestBody(_ text: String) throws -> Data {
        struct Request: Encodable { var body: String }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Request(body: text))
    }

    /// The id of the first comment whose body starts with the marker line, if any.
    func find() throws -> Int64? {
        var next: URL? = url("/repos/\(repository)/issues/\(number)/comments?per_page=100")
        var pages = 0
        while let page = next, pages < maxPages {
            pages += 1
            let r = try call("GET", page)
            guard let list = (try? JSONReader.parse(r.body))?.arrayValue else {
                throw HTTPError(message: client.redactor("GET \(page.absoluteString): HTTP \(r.status): the answer is not a JSON array of comments"), status: r.status)
            }
            for c in list {
                if let body = c["body"]?.stringValue, body.hasPrefix(markerLine),
                   let id = c["id"]?.numberValue.flatMap({ Int64(exactly: $0) }) { return id }
            }
            next = r.headers["link"].flatMap(Self.nextLink)
        }
        return nil
    }

    /// The `rel="next"` target of an RFC 8288 `Link` header.
    static func nextLink(_ header: String) -> URL? {
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count >= 2, pieces.dropFirst().contains(where: { $0 == "rel=\"next\"" || $0 == "rel=next" }) else { continue }
            let target = pieces[0]
            guard target.hasPrefix("<"), target.hasSuffix(">") else { continue }
            return URL(string: String(target.dropFirst().dropLast()))
        }
        return nil
    }

    func url(_ path: String) -> URL {
        URL(string: apiURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + path)!
    }

    func call(_ method: String, _ path: String, body: Data? = nil) throws -> HTTPResponse {
        try call(method, url(path), body: body)
    }

    func call(_ method: String, _ target: URL, body: Data? = nil) throws -> HTTPResponse {
        var headers: [(name: String, value: String)] = [
            ("Authorization", "Bearer \(token)"),
            ("Accept", "application/vnd.github+json"),
            ("X-GitHub-Api-Version", "2022-11-28"),
            ("User-Agent", "sextant-pr-comment"),
        ]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let r = try client.send(HTTPRequest(method: method, url: target, headers: headers, body: body))
        guard r.isSuccess else {
            throw HTTPError(message: client.redactor("\(method) \(target.absoluteString): HTTP \(r.status)\(Self.apiMessage(r.body).map { ": \($0)" } ?? "")"), status: r.status)
        }
        return r
    }

    /// GitHub's `message` field of an error answer, on one line and shortened.
    static func apiMessage(_ body: Data) -> String? {
        guard let m = (try? JSONReader.parse(body))?["message"]?.stringValue else { return nil }
        let line = m.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }

    /// The pull request's number from a GitHub Actions event payload (`GITHUB_EVENT_PATH`):
    /// `pull_request.number`, else `issue.number` (issue_comment events), else `number`.
    public static func number(fromEvent data: Data) -> Int? {
        guard let obj = try? JSONReader.parse(data) else { return nil }
        for key in ["pull_request", "issue"] {
            if let n = obj[key]?["number"]?.numberValue.flatMap({ Int(exactly: $0) }) { return n }
        }
        return obj["number"]?.numberValue.flatMap { Int(exactly: $0) }
    }
}
