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
        /// A number a double holds only rounded: `canonical` is what it would be signed as.
        case numberNotExact(text: String, canonical: String)
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
        case .numberNotExact: "json_number_not_exact"
        case .invalidEscape: "json_invalid_escape"
        case .loneSurrogate: "json_lone_surrogate"
        case .invalidUTF8: "json_invalid_utf8"
        case .controlCharacterInString: "json_control_character"
        case .duplicateName: "json_duplicate_name"
        case .trailingData: "json_trailing_data"
        }
    }

    public var description: String { message(at: "byte \(offset)") }

    /// The description with the position given as line and column in `text` (the bytes that were
    /// parsed) as well as the byte offset: what a person editing the text needs to find it.
    public func description(in text: some Collection<UInt8>) -> String {
        let position = JSONTextPosition(offset: offset, in: text)
        return message(at: "line \(position.line), column \(position.column) (byte \(offset))")
    }

    private func message(at place: String) -> String {
        switch reason {
        case .tooLarge(let limit): "JSON text is larger than the limit of \(limit) bytes"
        case .tooDeep(let limit): "JSON nesting at \(place) exceeds the depth limit of \(limit)"
        case .unexpectedEnd: "JSON text ends unexpectedly"
        case .unexpectedCharacter: "unexpected character at \(place)"
        case .invalidNumber: "malformed number at \(place)"
        case .numberOutOfRange: "number at \(place) does not fit an IEEE 754 double (I-JSON)"
        case .numberNotExact(let text, let canonical):
            "number \(Self.excerpt(text)) at \(place) is not exactly an IEEE 754 double (I-JSON): it would be signed as \(canonical)"
        case .invalidEscape: "invalid escape sequence at \(place)"
        case .loneSurrogate: "unpaired UTF-16 surrogate escape at \(place) (I-JSON forbids it)"
        case .invalidUTF8: "invalid UTF-8 in string at \(place)"
        case .controlCharacterInString: "unescaped control character in string at \(place)"
        case .duplicateName(let name): "duplicate member name \"\(Self.excerpt(name))\" at \(place)"
        case .trailingData: "unexpected data after the JSON value at \(place)"
        }
    }

    /// At most 40 characters of what was typed, so that a huge literal cannot flood a message.
    private static func excerpt(_ text: String) -> String {
        text.count <= 40 ? text : text.prefix(40) + "…"
    }
}
