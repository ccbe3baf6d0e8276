import CountersignJSON

/// The shared syntax of typed identifiers (docs/formats.md): a type prefix, then 1 to 64 characters
/// of the base64url alphabet (A–Z, a–z, 0–9, "-", "_").
///
/// The alphabet is what the server produces (base64url of random bytes) and is safe in URLs, file
/// names, HTTP headers and log lines without escaping. Unguessability is the generator's duty, not
/// the parser's: short ids such as `mem_alice` are accepted so that fixtures and imported
/// directories stay readable.
enum IdentifierSyntax {
    /// Largest number of characters after the prefix.
    static let maxBodyLength = 64
    /// Fewest random bytes `generated(prefix:from:)` accepts: 128 bits.
    static let minimumRandomBytes = 16
    /// Most random bytes that still fit `maxBodyLength` once encoded.
    static let maximumRandomBytes = 48

    /// Checks `text` and returns it unchanged.
    static func validate(_ text: String, prefix: String, kind: String) throws(IdentifierError) -> String {
        // Identifiers are read for every stored row; most are well formed ASCII, checked here byte
        // by byte. Anything else takes the character-wise path below, which names the problem.
        if isWellFormed(text.utf8, prefix: prefix.utf8) { return text }
        guard text.hasPrefix(prefix) else {
            throw .wrongPrefix(kind: kind, expected: prefix, text: String(text.prefix(80)))
        }
        let body = text.dropFirst(prefix.count)
        guard !body.isEmpty else { throw .empty(kind: kind) }
        var offset = prefix.count
        var length = 0
        for character in body {
            length += 1
            guard length <= maxBodyLength else { throw .tooLong(kind: kind, limit: maxBodyLength) }
            guard isBase64URL(character) else {
                throw .invalidCharacter(kind: kind, character: character, offset: offset)
            }
            offset += 1
        }
        return text
    }

    /// Whether `text` is `prefix` and then 1 to `maxBodyLength` base64url bytes.
    private static func isWellFormed(_ text: String.UTF8View, prefix: String.UTF8View) -> Bool {
        let bodyLength = text.count - prefix.count
        guard bodyLength >= 1, bodyLength <= maxBodyLength, text.starts(with: prefix) else { return false }
        return text.dropFirst(prefix.count).allSatisfy(isBase64URL)
    }

    /// `prefix` followed by the base64url encoding of `bytes` (16 to 48 of them).
    static func generated(prefix: String, from bytes: some Collection<UInt8>) throws(IdentifierError) -> String {
        guard bytes.count >= minimumRandomBytes else { throw .notEnoughRandomness(minimumBytes: minimumRandomBytes) }
        return prefix + Base64URL.encode(bytes.prefix(maximumRandomBytes))
    }

    static func isBase64URL(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return isBase64URL(ascii)
    }

    static func isBase64URL(_ ascii: UInt8) -> Bool {
        switch ascii {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    static func allowedDescription(for kind: String) -> String {
        kind == Role.kind ? "a–z, 0–9, \".\", \"-\" and \"_\", starting with a letter or digit" : "A–Z, a–z, 0–9, \"-\" and \"_\""
    }
}
