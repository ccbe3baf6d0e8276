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
///
/// Small objects (JOSE headers, JWKs) are searched linearly, which is cheaper than hashing every
/// name; a hash index is built only for objects with many members.
public struct JSONObject: Sendable, Hashable, Sequence {
    private static let indexThreshold = 12

    private var members: [(key: String, value: JSONValue)] = []
    private var index: [String: Int]?

    /// An empty object.
    public init() {}

    /// Member names in order of appearance.
    public var keys: [String] { members.map(\.key) }

    /// Number of members.
    public var count: Int { members.count }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return members.firstIndex { $0.key == key }
    }

    /// The value of member `key`, or nil. Setting nil removes the member.
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { members[$0].value } }
        set {
            switch (position(of: key), newValue) {
            case (let found?, let value?):
                members[found].value = value
            case (nil, let value?):
                append(key, value)
            case (let found?, nil):
                members.remove(at: found)
                rebuildIndex()
            case (nil, nil):
                break
            }
        }
    }

    /// Adds a member, reporting false if the name is already present (the value is then unchanged).
    mutating func insertNew(_ key: String, _ value: JSONValue) -> Bool {
        if position(of: key) != nil { return false }
        append(key, value)
        return true
    }

    private mutating func append(_ key: String, _ value: JSONValue) {
        members.append((key, value))
        if index != nil {
            index?[key] = members.count - 1
        } else if members.count > Self.indexThreshold {
            rebuildIndex()
        }
    }

    private mutating func rebuildIndex() {
        guard members.count > Self.indexThreshold else {
            index = nil
            return
        }
        var rebuilt = [String: Int](minimumCapacity: members.count)
        for (position, member) in members.enumerated() { rebuilt[member.key] = position }
        index = rebuilt
    }

    public func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        members.makeIterator()
    }

    /// Objects are equal when they have the same members, whatever their order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.members.allSatisfy { rhs[$0.key] == $0.value }
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent, to agree with ==.
        var combined = 0
        for member in members {
            var memberHasher = Hasher()
            memberHasher.combine(member.key)
            memberHasher.combine(member.value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}
