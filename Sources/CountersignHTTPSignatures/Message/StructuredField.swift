import RawStructuredFieldValues

/// Strict reading and canonical writing of RFC 8941 structured fields, on
/// swift-http-structured-headers.
///
/// RFC 8941 lets a later dictionary member silently replace an earlier one with the same key. For
/// Signature-Input and Signature that would let an intermediary shadow a label, so this reader
/// refuses duplicate keys instead.
enum StructuredField {
    /// The largest header value accepted (8 KiB): signature headers are a few hundred bytes.
    static let maxFieldLength = 8 * 1024

    /// Parses a dictionary, refusing oversize values and duplicate keys.
    static func dictionary(_ value: String, field: String) throws(HTTPSignatureError) -> OrderedMap<String, ItemOrInnerList> {
        let bytes = Array(value.utf8)
        guard bytes.count <= maxFieldLength else { throw .fieldTooLarge(field: field, limit: maxFieldLength) }
        let parsed: OrderedMap<String, ItemOrInnerList>
        do {
            var parser = StructuredFieldValueParser(bytes)
            parsed = try parser.parseDictionaryFieldValue()
        } catch {
            throw .malformedField(field: field, reason: "not a structured dictionary (\(error))")
        }
        let keys = topLevelKeys(bytes)
        var seen = Set<String>()
        for key in keys where !seen.insert(key).inserted { throw .duplicateLabel(key) }
        guard keys.count == parsed.count else { throw .malformedField(field: field, reason: "unexpected member count") }
        return parsed
    }

    /// Serialises one dictionary member's value (an item or an inner list, with parameters).
    static func serialize(_ member: ItemOrInnerList) throws(HTTPSignatureError) -> String {
        do {
            var serializer = StructuredFieldValueSerializer()
            return String(decoding: try serializer.writeListFieldValue([member]), as: UTF8.self)
        } catch {
            throw .malformedField(field: "structured value", reason: "cannot be serialised (\(error))")
        }
    }

    /// The keys of a dictionary that already parsed: the text before `=`, `;` or `,` at the
    /// start of each top-level member. Only sf-strings can hold a comma, so tracking quotes (and
    /// their backslash escapes) is enough to find member boundaries.
    static func topLevelKeys(_ bytes: [UInt8]) -> [String] {
        var keys: [String] = []
        var current: [UInt8] = []
        var readingKey = true
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: ","):
                if readingKey { keys.append(String(decoding: current, as: UTF8.self)) }
                current = []
                readingKey = true
            case UInt8(ascii: "="), UInt8(ascii: ";"):
                if readingKey { keys.append(String(decoding: current, as: UTF8.self)) }
                readingKey = false
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                continue
            default:
                if readingKey { current.append(byte) }
            }
        }
        if readingKey, !current.isEmpty { keys.append(String(decoding: current, as: UTF8.self)) }
        return keys
    }
}
