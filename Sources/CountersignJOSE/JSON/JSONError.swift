/// Why JSON text was refused, with the byte offset where the problem was found.
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public enum Reason: Equatable, Sendable {
        case tooLarge(limit: Int)
        case tooDeep(limit: Int)
        case unexpectedEnd
        case unexpectedCharacter
        case invalidNumber
        case numberOutOfRange
        case invalidEscape
        case loneSurrogate
        case invalidUTF8
        case controlCharacterInString
        case duplicateName(String)
        case trailingData
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
        case .tooLarge: "json_too_large"
        case .tooDeep: "json_too_deep"
        case .unexpectedEnd: "json_unexpected_end"
        case .unexpectedCharacter: "json_syntax"
        case .invalidNumber: "json_invalid_number"
        case .numberOutOfRange: "json_number_out_of_range"
        case .invalidEscape: "json_invalid_escape"
        case .loneSurrogate: "json_lone_surrogate"
        case .invalidUTF8: "json_invalid_utf8"
        case .controlCharacterInString: "json_control_character"
        case .duplicateName: "json_duplicate_name"
        case .trailingData: "json_trailing_data"
        }
    }

    public var description: String {
        switch reason {
        case .tooLarge(let limit): "JSON text is larger than the limit of \(limit) bytes"
        case .tooDeep(let limit): "JSON nesting at byte \(offset) exceeds the depth limit of \(limit)"
        case .unexpectedEnd: "JSON text ends unexpectedly"
        case .unexpectedCharacter: "unexpected character at byte \(offset)"
        case .invalidNumber: "malformed number at byte \(offset)"
        case .numberOutOfRange: "number at byte \(offset) does not fit an IEEE 754 double (I-JSON)"
        case .invalidEscape: "invalid escape sequence at byte \(offset)"
        case .loneSurrogate: "unpaired UTF-16 surrogate escape at byte \(offset) (I-JSON forbids it)"
        case .invalidUTF8: "invalid UTF-8 in string at byte \(offset)"
        case .controlCharacterInString: "unescaped control character in string at byte \(offset)"
        case .duplicateName(let name): "duplicate member name \"\(name)\" at byte \(offset)"
        case .trailingData: "unexpected data after the JSON value at byte \(offset)"
        }
    }
}
