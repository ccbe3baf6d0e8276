/// A strict CBOR decoder for WebAuthn (attestation objects, COSE keys, extensions).
///
/// Only one encoding of each value is accepted: definite lengths, integers and lengths in their
/// shortest form, no duplicate map keys, valid UTF-8 text. Tags and floating-point values, which
/// no WebAuthn structure uses, are refused. Every length is checked against the remaining input
/// before anything is allocated, and nesting and item counts are bounded.
public struct CBORDecoder: Sendable {
    public struct Limits: Sendable {
        public var maxBytes: Int
        public var maxDepth: Int
        public var maxItemsPerContainer: Int

        public init(maxBytes: Int, maxDepth: Int, maxItemsPerContainer: Int) {
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
            self.maxItemsPerContainer = maxItemsPerContainer
        }

        /// 128 KiB (attestation objects with certificate chains stay far below), depth 16.
        public static let standard = Limits(maxBytes: 128 * 1024, maxDepth: 16, maxItemsPerContainer: 1024)
    }

    public let limits: Limits

    public init(limits: Limits = .standard) {
        self.limits = limits
    }

    /// Decodes exactly one item; trailing bytes are refused.
    public func decode(_ bytes: [UInt8]) throws(CBORError) -> CBORValue {
        let (value, consumed) = try decodePrefix(bytes)
        if consumed != bytes.count { throw CBORError(.trailingBytes, at: consumed) }
        return value
    }

    /// Decodes one item at the start of `bytes` and reports how many bytes it used (authenticator
    /// data holds a COSE key followed by extensions, with no length in between).
    public func decodePrefix(_ bytes: [UInt8]) throws(CBORError) -> (value: CBORValue, consumed: Int) {
        if bytes.count > limits.maxBytes { throw CBORError(.tooLarge(limit: limits.maxBytes), at: 0) }
        var reader = CBORReader(bytes: bytes, limits: limits)
        let value = try reader.readItem(depth: 1)
        return (value, reader.position)
    }
}

private struct CBORReader {
    let bytes: [UInt8]
    let limits: CBORDecoder.Limits
    var position = 0

    mutating func readByte() throws(CBORError) -> UInt8 {
        guard position < bytes.count else { throw CBORError(.unexpectedEnd, at: position) }
        defer { position += 1 }
        return bytes[position]
    }

    /// Reads the argument of an initial byte, refusing non-shortest and indefinite forms.
    mutating func readArgument(_ info: UInt8, at start: Int) throws(CBORError) -> UInt64 {
        switch info {
        case 0..<24:
            return UInt64(info)
        case 24...27:
            let length = 1 << Int(info - 24)
            guard position + length <= bytes.count else { throw CBORError(.unexpectedEnd, at: position) }
            var value: UInt64 = 0
            for index in 0..<length { value = value << 8 | UInt64(bytes[position + index]) }
            position += length
            let minimum: UInt64 = switch info {
            case 24: 24
            case 25: 0x100
            case 26: 0x1_0000
            default: 0x1_0000_0000
            }
            if value < minimum { throw CBORError(.nonShortestEncoding, at: start) }
            return value
        case 31:
            throw CBORError(.indefiniteLength, at: start)
        default:
            throw CBORError(.reservedAdditionalInformation, at: start)
        }
    }

    mutating func readLength(_ info: UInt8, at start: Int) throws(CBORError) -> Int {
        let length = try readArgument(info, at: start)
        guard length <= UInt64(bytes.count - position) else { throw CBORError(.unexpectedEnd, at: position) }
        return Int(length)
    }

    mutating func readCount(_ info: UInt8, at start: Int, itemsPerEntry: Int) throws(CBORError) -> Int {
        let count = try readArgument(info, at: start)
        guard count <= UInt64(limits.maxItemsPerContainer) else {
            throw CBORError(.tooManyItems(limit: limits.maxItemsPerContainer), at: start)
        }
        // Each item needs at least one byte: a count beyond the remaining input cannot be honest.
        guard count * UInt64(itemsPerEntry) <= UInt64(bytes.count - position) else {
            throw CBORError(.unexpectedEnd, at: position)
        }
        return Int(count)
    }

    mutating func readItem(depth: Int) throws(CBORError) -> CBORValue {
        let start = position
        let initial = try readByte()
        let major = initial >> 5
        let info = initial & 0x1F
        switch major {
        case 0:
            return .unsigned(try readArgument(info, at: start))
        case 1:
            return .negative(try readArgument(info, at: start))
        case 2:
            let length = try readLength(info, at: start)
            defer { position += length }
            return .bytes(Array(bytes[position..<position + length]))
        case 3:
            let length = try readLength(info, at: start)
            guard let text = String(validating: bytes[position..<position + length], as: UTF8.self) else {
                throw CBORError(.invalidUTF8, at: start)
            }
            position += length
            return .text(text)
        case 4:
            if depth > limits.maxDepth { throw CBORError(.tooDeep(limit: limits.maxDepth), at: start) }
            let count = try readCount(info, at: start, itemsPerEntry: 1)
            var elements: [CBORValue] = []
            elements.reserveCapacity(count)
            for _ in 0..<count { elements.append(try readItem(depth: depth + 1)) }
            return .array(elements)
        case 5:
            if depth > limits.maxDepth { throw CBORError(.tooDeep(limit: limits.maxDepth), at: start) }
            let count = try readCount(info, at: start, itemsPerEntry: 2)
            var entries: [CBORMapEntry] = []
            entries.reserveCapacity(count)
            var seen = Set<CBORValue>()
            for _ in 0..<count {
                let keyOffset = position
                let key = try readItem(depth: depth + 1)
                guard seen.insert(key).inserted else { throw CBORError(.duplicateMapKey, at: keyOffset) }
                entries.append(CBORMapEntry(key: key, value: try readItem(depth: depth + 1)))
            }
            return .map(CBORMap(entries: entries))
        case 6:
            throw CBORError(.tagNotAllowed(try readArgument(info, at: start)), at: start)
        default:
            switch info {
            case 20: return .bool(false)
            case 21: return .bool(true)
            case 22: return .null
            case 23: return .undefined
            case 25, 26, 27: throw CBORError(.floatingPointNotAllowed, at: start)
            case 24:
                // Simple values 32-255 are unassigned in WebAuthn; 0-31 in this form are ill-formed.
                let value = try readByte()
                throw CBORError(value < 32 ? .nonShortestEncoding : .unsupportedSimpleValue(value), at: start)
            case 31: throw CBORError(.indefiniteLength, at: start)
            case 28, 29, 30: throw CBORError(.reservedAdditionalInformation, at: start)
            default: throw CBORError(.unsupportedSimpleValue(info), at: start)
            }
        }
    }
}
