/// A parsed JSON value.
///
/// Numbers are IEEE doubles, as I-JSON (RFC 7493) and JCS (RFC 8785) require; objects keep their
/// members' order of appearance and never hold a name twice (the parser refuses duplicates).
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The string, if this value is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number, if this value is one.
    public var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The number as an exact integer, if this value is a number without fraction within ±2^53.
    public var integerValue: Int64? {
        guard case .number(let value) = self, value.rounded(.towardZero) == value,
              abs(value) <= 9_007_199_254_740_992 else { return nil }
        return Int64(value)
    }

    /// The boolean, if this value is one.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The object, if this value is one.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The array, if this value is one.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// A short name of the value's JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// A JSON object: member names in order of appearance, each present once.
public struct JSONObject: Sendable, Hashable, Sequence {
    /// Member names in order of appearance.
    public private(set) var keys: [String] = []
    private var storage: [String: JSONValue] = [:]

    /// An empty object.
    public init() {}

    /// An object with the given members; a later duplicate name replaces the earlier value.
    public init(_ members: KeyValuePairs<String, JSONValue>) {
        for (key, value) in members { self[key] = value }
    }

    /// The value of member `key`, or nil. Setting nil removes the member.
    public subscript(key: String) -> JSONValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// Adds a member, reporting false if the name is already present (the value is then unchanged).
    mutating func insertNew(_ key: String, _ value: JSONValue) -> Bool {
        if storage[key] != nil { return false }
        storage[key] = value
        keys.append(key)
        return true
    }

    /// Number of members.
    public var count: Int { keys.count }

    public func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        var index = 0
        let keys = keys
        let storage = storage
        return AnyIterator {
            guard index < keys.count else { return nil }
            defer { index += 1 }
            let key = keys[index]
            return (key: key, value: storage[key] ?? .null)
        }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool { lhs.storage == rhs.storage }
    public func hash(into hasher: inout Hasher) { hasher.combine(storage) }
}
