import CountersignJSON

/// An RFC 6901 JSON Pointer ("/parties/0/name"): how a template names the value of its content
/// that a labelled field fills in. The web app resolves the same pointers in the text being typed.
public struct JSONPointer: Sendable, Hashable {
    /// The pointer as written ("" is the whole document).
    public let text: String
    /// The unescaped reference tokens ("~1" is "/", "~0" is "~").
    public let tokens: [String]

    /// Parses `text`; nil unless it is "" or starts with "/" and every "~" is "~0" or "~1".
    public init?(_ text: String) {
        guard text.isEmpty || text.hasPrefix("/") else { return nil }
        var tokens: [String] = []
        for raw in text.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            var token = ""
            var escape = false
            for character in raw {
                if escape {
                    guard character == "0" || character == "1" else { return nil }
                    token.append(character == "0" ? "~" : "/")
                    escape = false
                } else if character == "~" {
                    escape = true
                } else {
                    token.append(character)
                }
            }
            guard !escape else { return nil }
            tokens.append(token)
        }
        self.text = text
        self.tokens = tokens
    }

    /// The value this pointer names in `value`, or nil when there is none. Array indexes are
    /// decimal without leading zeros, as RFC 6901 requires.
    public func resolve(in value: JSONValue) -> JSONValue? {
        var current = value
        for token in tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let array):
                guard let index = Self.arrayIndex(token), index < array.count else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }

    private static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token.count <= 9, token.allSatisfy(\.isASCII), token.allSatisfy(\.isNumber) else { return nil }
        guard token == "0" || !token.hasPrefix("0") else { return nil }
        return Int(token)
    }
}
