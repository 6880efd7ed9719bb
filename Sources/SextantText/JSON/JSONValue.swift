/// A parsed JSON value. Objects keep their members in file order, each with its 1-based line and
/// column; objects also record the line where they start, for error messages.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONMember], line: Int)

    /// Equality ignores positions: two documents with the same content are equal.
    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x, _), .object(y, _)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case let .bool(b): hasher.combine(b)
        case let .number(d): hasher.combine(d)
        case let .string(s): hasher.combine(s)
        case let .array(a): hasher.combine(a)
        case let .object(o, _): for m in o { hasher.combine(m.key); hasher.combine(m.value) }
        }
    }

    /// The value of member `key` of an object (keys are unique: the reader refuses duplicates).
    /// - Complexity: O(m) for m members.
    public subscript(key: String) -> JSONValue? {
        if case let .object(members, _) = self {
            for m in members where m.key == key { return m.value }
        }
        return nil
    }

    /// An object's members with their positions, or nil for any other value.
    public var members: [JSONMember]? {
        if case let .object(m, _) = self { return m }
        return nil
    }

    /// An object's members as (key, value) pairs, or nil for any other value.
    public var objectMembers: [(key: String, value: JSONValue)]? {
        if case let .object(m, _) = self { return m.map { ($0.key, $0.value) } }
        return nil
    }
    public var arrayValue: [JSONValue]? { if case let .array(a) = self { return a }; return nil }
    public var stringValue: String? { if case let .string(s) = self { return s }; return nil }
    public var numberValue: Double? { if case let .number(d) = self { return d }; return nil }
    public var boolValue: Bool? { if case let .bool(b) = self { return b }; return nil }
    public var isNull: Bool { if case .null = self { return true }; return false }
    /// The source line where an object starts (1-based), for error messages.
    public var line: Int? { if case let .object(_, line) = self { return line }; return nil }

    /// "a number", "an object", ... for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// One `"key": value` member of a JSON object, with the 1-based line and column of its key.
public struct JSONMember: Sendable, Hashable {
    public var key: String
    public var value: JSONValue
    public var line: Int
    public var column: Int

    public init(key: String, value: JSONValue, line: Int, column: Int) {
        self.key = key
        self.value = value
        self.line = line
        self.column = column
    }
}
