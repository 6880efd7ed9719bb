import FuzzSupport
import SextantText

/// The one JSON reader, strict and with the policy's comments: no crash, and what it accepts has
/// finite numbers and unique keys at every depth; strict acceptance implies commented acceptance.
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

runFuzzer { data, size in
    let input = bytes(data, size)
    let strict = try? JSONReader.parse(input)
    let commented = try? JSONReader.parse(input, options: .init(allowsComments: true, allowsTrailingSemicolon: true, firstLine: 7))
    if let strict {
        walk(strict, depth: 0)
        if commented != strict { violated("strict accepts but the commented reader does not agree") }
    }
    if let commented { walk(commented, depth: 0) }
    do {
        _ = try JSONReader.parse(input, options: .init(allowsComments: true))
    } catch let error as JSONSyntaxError {
        if error.line < 1 || error.column < 1 { violated("error position \(error.line):\(error.column)") }
    } catch {
        violated("an error of another type: \(error)")
    }
    return 0
}
