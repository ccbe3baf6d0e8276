/// The text checks on identifiers and names that arrive in paths and bodies, for routes and
/// services alike. Identifiers (key ids, ceremony ids) are base64url by construction; anything
/// else is refused before it reaches the database, where a NUL byte or oversize text would be the
/// database's error instead of the client's.
enum IdentifierText {
    static func isBase64URL(_ text: String, maxLength: Int) -> Bool {
        !text.isEmpty && text.utf8.count <= maxLength && text.utf8.allSatisfy { byte in
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
        }
    }

    /// True for text without control characters, line breaks, or bidirectional embeddings,
    /// overrides and isolates (names shown to people: an override could make one name read as
    /// another, e.g. a member named "Alice" followed by U+202E and reversed text).
    static func isOneLine(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: false
            default: true
            }
        }
    }
}
