import Foundation

/// A parsed JSON value. Fixtures are decoded with `JSONDecoder`, which parses numbers
/// correctly rounded; Foundation's `JSONSerialization` on Linux was measured to misparse some
/// 17-digit doubles by one ulp, which would corrupt 1e-12 comparisons.
enum JSON: Decodable {
    case number(Double), string(String), bool(Bool), null, array([JSON]), object([String: JSON])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSON].self)) }
    }

    subscript(_ key: String) -> JSON {
        if case .object(let o) = self { return o[key] ?? .null }
        return .null
    }
    subscript(_ i: Int) -> JSON {
        if case .array(let a) = self { return a[i] }
        return .null
    }
    var double: Double {
        if case .number(let d) = self { return d }
        if case .string(let s) = self, s == "Infinity" { return .infinity }
        if case .string(let s) = self, s == "-Infinity" { return -.infinity }
        return .nan
    }
    var doubles: [Double] { array.map(\.double) }
    var array: [JSON] {
        if case .array(let a) = self { return a }
        return []
    }
    var object: [String: JSON] {
        if case .object(let o) = self { return o }
        return [:]
    }
    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

/// Loads a JSON fixture from this folder's `Fixtures/` (found via `#filePath`, no bundle needed).
func fixture(_ name: String, file: String = #filePath) throws -> JSON {
    let url = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name)
    return try JSONDecoder().decode(JSON.self, from: Data(contentsOf: url))
}

/// Loads a JSON file relative to the package root (for `datasets/reference/...`).
func datasetJSON(_ path: String) throws -> JSON {
    try JSONDecoder().decode(JSON.self, from: Data(contentsOf: packageRootURL().appendingPathComponent(path)))
}

/// The package root, three levels above this file.
func packageRootURL(file: String = #filePath) -> URL {
    URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// |a − b| / |b| (absolute when b is 0); 0 when both are equal (including infinities).
func relativeError(_ a: Double, _ b: Double) -> Double {
    if a == b { return 0 }
    if b == 0 { return abs(a) }
    return abs(a - b) / abs(b)
}

/// Log relative error (number of correct digits), capped at 15, as NIST StRD defines it
/// (McCullough 1998, "Assessing the reliability of statistical software", Am. Stat. 52).
func lre(_ estimate: Double, _ certified: Double) -> Double {
    if estimate == certified { return 15 }
    if certified == 0 { return min(15, -log10(abs(estimate))) }
    return min(15, -log10(abs(estimate - certified) / abs(certified)))
}
