/// SextantText: the lowest layer of Sextant's text handling, below every module that reads a file.
///
/// - `JSON/`: the one JSON reader (``JSONReader``, ``JSONValue``): strict RFC 8259 with line and
///   column in every error, duplicate keys refused at every depth, comments only on request.
/// - `Text/`: UTF-8 validation naming the line of the first bad byte (``UTF8Check``), the checks
///   names and identifiers must pass (``TextField``), checked double-to-integer conversion
///   (``CheckedInteger``).
///
/// It depends on nothing but the standard library, so every importer, the policy reader and the
/// renderers can share it without cycles.
public enum SextantTextModule {}
