import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP request.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    /// Header fields in order (names as sent).
    public var headers: [(name: String, value: String)]
    public var body: Data?

    public init(method: String, url: URL, headers: [(name: String, value: String)] = [], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// One HTTP response.
public struct HTTPResponse: Sendable {
    /// The status code, e.g. 200.
    public var status: Int
    /// Header fields, names lowercased.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// A request that failed for good: one line, with every secret replaced by `***`.
public struct HTTPError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The line to print.
    public var message: String
    /// The last HTTP status seen, if any answer came.
    public var status: Int?
    public var description: String { message }
}

/// Replaces secrets (tokens, the secret path of a webhook URL) by `***` in text meant for people.
public struct Redactor: Sendable {
    /// The strings never to show (empty and very short strings are ignored: they would match everywhere).
    public var secrets: [String]
    /// Texts replaced by a given stand-in before the secrets are (e.g. a webhook URL by
    /// `https://host/***`, so that a message still says where it went).
    public var replacements: [(text: String, with: String)] = []

    public init(secrets: [String], replacements: [(text: String, with: String)] = []) {
        // Longest first, so a secret that contains another is replaced whole.
        self.secrets = secrets.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
        self.replacements = replacements.filter { !$0.text.isEmpty }.sorted { $0.text.count > $1.text.count }
    }

    /// `text` with every secret replaced.
    public func callAsFunction(_ text: String) -> String {
        var out = text
        for r in replacements { out = out.replacingOccurrences(of: r.text, with: r.with) }
        for s in secrets { out = out.replacingOccurrences(of: s, with: "***") }
        return out
    }
}

/// A small HTTP client for the CI edge (PR comments, webhooks): a timeout per attempt, a bounded
/// number of attempts with exponential backoff, and secrets redacted in every message it produces.
///
/// Built on Foundation's `URLSession` (FoundationNetworking, i.e. libcurl, on Linux). A transport
/// failure (refused connection, timeout, reset), HTTP 429 and 5xx are retried, waiting `backoff`,
/// then twice that, and so on (honouring a `Retry-After` of at most `maxRetryAfter` seconds);
/// other answers are returned as they are. The total time is bounded by
/// `attempts · timeout + backoff · (2^(attempts-1) - 1)`.
public struct HTTPClient: Sendable {
    /// Seconds one attempt may take in all (connect, send, wait, receive). Default 10 s: GitHub's
    /// API answers in well under a second; a hung server must not hold a CI job for long.
    public var timeout: TimeInterval = 10
    /// Attempts in all (default 3: one retry for a blip, one more for a short outage).
    public var attempts: Int = 3
    /// The first wait between attempts in seconds (default 1 s, doubled each time).
    public var backoff: TimeInterval = 1
    /// The longest `Retry-After` honoured, in seconds.
    public var maxRetryAfter: TimeInterval = 30
    /// What never appears in a message.
    public var redactor: Redactor

    public init(secrets: [String] = []) { redactor = Redactor(secrets: secrets) }

    /// Sends `request`, retrying transient failures; returns the final answer (which may be a 4xx or
    /// 5xx: callers decide what it means).
    /// - Throws: `HTTPError` when no attempt got an answer.
    public func send(_ request: HTTPRequest) throws -> HTTPResponse {
        var wait = backoff
        var lastFailure = ""
        for attempt in 1...max(1, attempts) {
            switch once(request) {
            case let .success(response):
                let transient = response.status == 429 || (500...599).contains(response.status)
                if !transient || attempt == attempts { return response }
                lastFailure = "HTTP \(response.status)"
                if let ra = response.headers["retry-after"].flatMap(Double.init), ra >= 0 { wait = max(wait, min(ra, maxRetryAfter)) }
            case let .failure(message):
                lastFailure = message
                if attempt == attempts { break }
            }
            if attempt < attempts {
                Thread.sleep(forTimeInterval: wait)
                wait *= 2
            }
        }
        throw HTTPError(message: redactor("\(request.method) \(request.url.absoluteString): \(lastFailure) (after \(attempts) attempt(s), \(Self.seconds(timeout)) timeout each)"),
                        status: nil)
    }

    /// `1.5 s` style.
    static func seconds(_ t: TimeInterval) -> String { t == t.rounded() ? "\(Int(t)) s" : String(format: "%.2g s", t) }

    private enum Outcome { case success(HTTPResponse), failure(String) }

    /// One attempt, waiting at most `timeout` (plus a small grace for the session to report).
    private func once(_ request: HTTPRequest) -> Outcome {
        var r = URLRequest(url: request.url)
        r.httpMethod = request.method
        r.timeoutInterval = timeout
        for h in request.headers { r.addValue(h.value, forHTTPHeaderField: h.name) }
        r.httpBody = request.body
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = timeout
        config.requestCachePolicy = .reloadIgnoringLocalCacheData
        config.urlCache = nil
        let session = URLSession(configuration: config)
        defer { session.invalidateAndCancel() }
        let box = ResultBox()
        let task = session.dataTask(with: r) { data, response, error in
            if let error {
                let ns = error as NSError
                let reason: String
                switch ns.code {
                case NSURLErrorTimedOut: reason = "no answer within \(Self.seconds(timeout))"
                case NSURLErrorCannotConnectToHost: reason = "connection refused"
                case NSURLErrorNetworkConnectionLost: reason = "connection lost"
                case NSURLErrorCannotFindHost: reason = "unknown host"
                default: reason = ns.localizedDescription
                }
                box.set(.failure(reason))
            } else if let http = response as? HTTPURLResponse {
                var headers: [String: String] = [:]
                for (k, v) in http.allHeaderFields { headers["\(k)".lowercased()] = "\(v)" }
                box.set(.success(HTTPResponse(status: http.statusCode, headers: headers, body: data ?? Data())))
            } else {
                box.set(.failure("no HTTP response"))
            }
        }
        task.resume()
        // The session's own timeout normally fires first; this bounds the attempt even if it does not.
        if box.wait(timeout: timeout + 2) == nil {
            task.cancel()
            return .failure("no answer within \(Self.seconds(timeout))")
        }
        return box.value!
    }

    private final class ResultBox: @unchecked Sendable {
        private let lock = NSCondition()
        private var result: Outcome?
        var value: Outcome? { lock.lock(); defer { lock.unlock() }; return result }
        func set(_ r: Outcome) {
            lock.lock()
            if result == nil { result = r }
            lock.signal()
            lock.unlock()
        }
        func wait(timeout: TimeInterval) -> Outcome? {
            let deadline = Date().addingTimeInterval(timeout)
            lock.lock()
            defer { lock.unlock() }
            while result == nil { if !lock.wait(until: deadline) { break } }
            return result
        }
    }
}
