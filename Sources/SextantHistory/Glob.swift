import Foundation

/// Shell-style glob matching (`*`, `?`, `[...]`) through the C library's `fnmatch`.
public enum Glob {
    /// Whether `name` matches `pattern`; `*` also matches `/`.
    public static func matches(_ pattern: String, _ name: String) -> Bool {
        if pattern == "*" { return true }
        return fnmatch(pattern, name, 0) == 0
    }
}
