import FuzzSupport
import SextantText

/// The one JSON reader, strict and with the policy's comments: no crash, and what it accepts has
/// finite numbers and unique keys at every depth; strict acceptance implies the same value with
/// comments; a refusal names a position at or after the first line. Two parses per input, read in
/// place (no copy).
func walk(_ v: JSONValue, depth: Int) {
    if depth > JSONReader.maximumDepth { violated("nesting beyond the limit was accepted") }
    switch v {
    case .number(let d): if !d.isFinite { violated("non-finite number \(d)") }
    case .array(let items): for x in items { walk(x, depth: depth + 1) }
    case .object(let members, _):
        var keys = Set<String>()
        for m in members {
            if !keys.insert(m.key).inserted { violated("duplicate key \(m.key) accepted") }
            walk(m.value, depth: depth + 1)
        }
    default: break
    }
}

/// Parses `input` with `options`; a refusal must name line >= `options.firstLine`, column >= 1.
func parse(_ input: UnsafeBufferPointer<UInt8>, _ options: JSONReader.Options) -> JSONValue? {
    do {
        return try JSONReader.parse(input, options: options)
    } catch {
        if error.line < options.firstLine || error.column < 1 { violated("error position \(error.line):\(error.column)") }
        return nil
    }
}

runFuzzer { data, size in
    let input = UnsafeBufferPointer(start: size > 0 ? data : nil, count: size)
    let strict = parse(input, .strict)
    let commented = parse(input, .init(allowsComments: true, allowsTrailingSemicolon: true, firstLine: 7))
    if let strict {
        walk(strict, depth: 0)
        if commented != strict { violated("strict accepts but the commented reader does not agree") }
    }
    if let commented, strict == nil { walk(commented, depth: 0) }
    return 0
}
