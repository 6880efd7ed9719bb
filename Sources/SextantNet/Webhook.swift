import Foundation

/// A webhook (Slack's incoming webhooks, or any endpoint taking a JSON POST) whose URL is a secret:
/// the path and query of a Slack webhook URL are its credential, so every message this type or its
/// client produces shows the URL as `https://host/***` and no part of the path, query or user
/// information (``Redactor``).
public struct Webhook: Sendable {
    public let url: URL
    /// The client (timeouts, bounded retries with backoff); its redactor knows the URL's secret parts.
    public var client: HTTPClient

    /// Checks that `text` is an absolute http(s) URL with a host.
    /// - Throws: `HTTPError` (already redacted) otherwise.
    public init(_ text: String, client: HTTPClient = HTTPClient()) throws {
        guard let url = URL(string: text.trimmingCharacters(in: .whitespacesAndNewlines)), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else {
            throw HTTPError(message: "the webhook is not an http(s) URL with a host", status: nil)
        }
        self.url = url
        var c = client
        c.redactor = Redactor(secrets: c.redactor.secrets + Self.secrets(of: url, given: text),
                              replacements: c.redactor.replacements + [(url.absoluteString, Self.display(url)), (text, Self.display(url))])
        self.client = c
    }

    /// `scheme://host[:port]/***`: where the webhook points, without its secret.
    public var displayURL: String { Self.display(url) }

    static func display(_ url: URL) -> String {
        "\(url.scheme ?? "https")://\(url.host ?? "?")\(url.port.map { ":\($0)" } ?? "")/***"
    }

    /// The parts of the URL never to show: path, query, fragment, user and password (as given and
    /// percent-decoded), and the text after the host.
    static func secrets(of url: URL, given: String) -> [String] {
        var out: [String] = []
        let comps = URLComponents(url: url, resolvingAgainstBaseURL: false)
        for part in [comps?.percentEncodedPath, comps?.path, comps?.percentEncodedQuery, comps?.query, comps?.fragment,
                     comps?.user, comps?.password] {
            if let part, !part.isEmpty, part != "/" { out.append(part) }
        }
        for text in [url.absoluteString, given] {
            if let r = text.range(of: "://"), let slash = text[r.upperBound...].firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
                out.append(String(text[slash...]))
            }
        }
        return out
    }

    /// POSTs `body` as `application/json`; returns the answer when it is 2xx.
    /// - Throws: `HTTPError` (one line, the URL redacted) for any other answer or when every attempt failed.
    @discardableResult
    public func post(json body: Data, userAgent: String = "sextant-notify") throws -> HTTPResponse {
        let request = HTTPRequest(method: "POST", url: url,
                                  headers: [("Content-Type", "application/json"), ("User-Agent", userAgent)], body: body)
        let response: HTTPResponse
        do { response = try client.send(request) } catch let e as HTTPError {
            throw HTTPError(message: client.redactor(e.message), status: e.status)
        }
        guard response.isSuccess else {
            let text = String(decoding: response.body.prefix(200), as: UTF8.self).split(whereSeparator: \.isNewline).joined(separator: " ")
            throw HTTPError(message: client.redactor("POST \(displayURL): HTTP \(response.status)\(text.isEmpty ? "" : ": \(text)")"),
                            status: response.status)
        }
        return response
    }
}
