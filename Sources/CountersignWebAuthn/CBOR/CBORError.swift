/// Why CBOR input was refused, with the byte offset where the problem was found.
public struct CBORError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        case tooLarge(limit: Int)
        case tooDeep(limit: Int)
        case tooManyItems(limit: Int)
        case unexpectedEnd
        case indefiniteLength
        case nonShortestEncoding
        case reservedAdditionalInformation
        case duplicateMapKey
        case invalidUTF8
        case unsupportedSimpleValue(UInt8)
        case floatingPointNotAllowed
        case tagNotAllowed(UInt64)
        case trailingBytes
    }

    public let reason: Reason
    public let offset: Int

    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// A stable machine-readable code.
    public var code: String {
        switch reason {
        case .tooLarge: "cbor_too_large"
        case .tooDeep: "cbor_too_deep"
        case .tooManyItems: "cbor_too_many_items"
        case .unexpectedEnd: "cbor_unexpected_end"
        case .indefiniteLength: "cbor_indefinite_length"
        case .nonShortestEncoding: "cbor_non_shortest"
        case .reservedAdditionalInformation: "cbor_reserved"
        case .duplicateMapKey: "cbor_duplicate_key"
        case .invalidUTF8: "cbor_invalid_utf8"
        case .unsupportedSimpleValue: "cbor_simple_value"
        case .floatingPointNotAllowed: "cbor_float"
        case .tagNotAllowed: "cbor_tag"
        case .trailingBytes: "cbor_trailing_bytes"
        }
    }

    public var description: String {
        switch reason {
        case .tooLarge(let limit): "CBOR input is larger than the limit of \(limit) bytes"
        case .tooDeep(let limit): "CBOR nesting at byte \(offset) exceeds the depth limit of \(limit)"
        case .tooManyItems(let limit): "CBOR container at byte \(offset) declares more than \(limit) items"
        case .unexpectedEnd: "CBOR input ends unexpectedly at byte \(offset)"
        case .indefiniteLength: "indefinite-length CBOR item at byte \(offset) (only definite lengths are allowed)"
        case .nonShortestEncoding: "CBOR integer or length at byte \(offset) is not in its shortest form"
        case .reservedAdditionalInformation: "reserved CBOR additional information at byte \(offset)"
        case .duplicateMapKey: "duplicate CBOR map key at byte \(offset)"
        case .invalidUTF8: "CBOR text string at byte \(offset) is not valid UTF-8"
        case .unsupportedSimpleValue(let value): "unsupported CBOR simple value \(value) at byte \(offset)"
        case .floatingPointNotAllowed: "CBOR floating-point value at byte \(offset) (WebAuthn and COSE use none)"
        case .tagNotAllowed(let tag): "CBOR tag \(tag) at byte \(offset) (WebAuthn and COSE use none)"
        case .trailingBytes: "unexpected bytes after the CBOR item at byte \(offset)"
        }
    }
}
