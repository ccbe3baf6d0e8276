/// A decoded CBOR data item (RFC 8949), restricted to what WebAuthn and COSE use.
public enum CBORValue: Sendable, Hashable {
    case unsigned(UInt64)
    /// A negative integer: the value is -1 - n.
    case negative(UInt64)
    case bytes([UInt8])
    case text(String)
    case array([CBORValue])
    case map(CBORMap)
    case bool(Bool)
    case null
    case undefined

    /// The integer value if it fits an Int.
    public var intValue: Int? {
        switch self {
        case .unsigned(let value): value <= UInt64(Int.max) ? Int(value) : nil
        case .negative(let value): value <= UInt64(Int.max) ? -1 - Int(value) : nil
        default: nil
        }
    }

    /// The byte string, if this is one.
    public var bytesValue: [UInt8]? {
        if case .bytes(let value) = self { return value }
        return nil
    }

    /// The text string, if this is one.
    public var textValue: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    /// The map, if this is one.
    public var mapValue: CBORMap? {
        if case .map(let value) = self { return value }
        return nil
    }

    /// The array, if this is one.
    public var arrayValue: [CBORValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The boolean, if this is one.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// An integer key or value.
    public static func int(_ value: Int) -> CBORValue {
        value >= 0 ? .unsigned(UInt64(value)) : .negative(UInt64(-1 - value))
    }
}

/// A CBOR map: entries in encoded order, each key present once (the decoder refuses duplicates).
public struct CBORMap: Sendable, Hashable {
    /// The entries in the order they were encoded.
    public let entries: [CBORMapEntry]

    public init(entries: [CBORMapEntry]) {
        self.entries = entries
    }

    /// The value for `key`, or nil.
    public subscript(key: CBORValue) -> CBORValue? {
        entries.first { $0.key == key }?.value
    }

    /// The value for an integer key (COSE labels).
    public subscript(int key: Int) -> CBORValue? { self[.int(key)] }

    /// The value for a text key (attestation statements, extensions).
    public subscript(text key: String) -> CBORValue? { self[.text(key)] }

    /// The number of entries.
    public var count: Int { entries.count }
}

/// One key-value pair of a CBOR map.
public struct CBORMapEntry: Sendable, Hashable {
    public let key: CBORValue
    public let value: CBORValue

    public init(key: CBORValue, value: CBORValue) {
        self.key = key
        self.value = value
    }
}
