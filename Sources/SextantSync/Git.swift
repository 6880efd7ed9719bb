import Foundation

/// A failed `git` command: the command line (credentials removed) and git's first message line.
public struct GitError: Error, Sendable, CustomStringConvertible, Equatable {
    /// `git` and its arguments, with any `user:password@` in URLs replaced by `***@`.
    public var command: String
    /// The exit status (-1 when git could not be started).
    public var status: Int32
    /// git's own message (its last non-empty stderr line, credentials removed).
    public var message: String

    public var description: String { "\(command) failed (exit \(status)): \(message)" }
}

/// A small wrapper around the `git` binary: runs one command in one repository, feeds standard
/// input, and returns standard output or throws `GitError` naming the command and git's message.
///
/// Git never prompts (`GIT_TERMINAL_PROMPT=0`) and speaks English (`LC_ALL=C`), so a missing
/// credential fails fast with a readable line instead of hanging a CI job.
public struct Git: Sendable {
    /// The working directory git runs in.
    public let directory: URL
    /// Extra environment variables for every command (e.g. `GIT_INDEX_FILE`, `GIT_DIR`).
    public var environment: [String: String]

    public init(directory: URL, environment: [String: String] = [:]) {
        self.directory = directory
        self.environment = environment
    }

    /// Runs `git ARGS` and returns its standard output.
    /// - Throws: `GitError` when git cannot start or exits non-zero.
    @discardableResult
    public func run(_ arguments: [String], input: Data? = nil, environment extra: [String: String] = [:]) throws -> String {
        let r = try execute(arguments, input: input, environment: extra)
        guard r.status == 0 else {
            throw GitError(command: Git.display(arguments), status: r.status, message: Git.lastLine(r.stderr))
        }
        return String(decoding: r.stdout, as: UTF8.self)
    }

    /// Runs `git ARGS` and returns its raw output and status without treating failure as an error.
    public func execute(_ arguments: [String], input: Data? = nil, environment extra: [String: String] = [:]) throws
        -> (status: Int32, stdout: Data, stderr: String)
    {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git"] + arguments
        p.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["LC_ALL"] = "C"
        for (k, v) in environment { env[k] = v }
        for (k, v) in extra { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input == nil ? FileHandle.nullDevice : inPipe
        do {
            try p.run()
        } catch {
            throw GitError(command: Git.display(arguments), status: -1, message: "cannot run git: \(error.localizedDescription)")
        }
        // Read both pipes and write stdin concurrently so no pipe can fill up and block git.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        if let input {
            let writer = inPipe.fileHandleForWriting
            group.enter()
            DispatchQueue.global().async {
                writer.write(input)
                try? writer.close()
                group.leave()
            }
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return (p.terminationStatus, outData, Git.redact(String(decoding: errData, as: UTF8.self)))
    }

    /// The command as shown in errors, credentials removed.
    static func display(_ arguments: [String]) -> String {
        redact((["git"] + arguments).joined(separator: " "))
    }

    /// The last non-empty line of git's stderr (its conclusion), or "no message".
    static func lastLine(_ stderr: String) -> String {
        let lines = stderr.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // "error: failed to push some refs" follows the line that says why; keep both.
        if lines.count >= 2, lines.last!.hasPrefix("error: failed to push") { return lines.suffix(2).joined(separator: "; ") }
        return lines.last ?? "no message"
    }

    /// `text` with the user-information part of every URL (`https://user:token@host`) replaced by
    /// `***@`, so a token in a remote URL never reaches a log.
    public static func redact(_ text: String) -> String {
        guard text.contains("@") else { return text }
        var out = ""
        var rest = Substring(text)
        while let r = rest.range(of: "://") {
            out += rest[..<r.upperBound]
            rest = rest[r.upperBound...]
            let end = rest.firstIndex(where: { $0 == "/" || $0.isWhitespace }) ?? rest.endIndex
            if let at = rest[..<end].lastIndex(of: "@") {
                out += "***"
                rest = rest[at...]
            }
        }
        return out + rest
    }
}
