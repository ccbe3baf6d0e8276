/// Base64url without padding (RFC 4648 section 5, RFC 7515 section 2).
///
/// Decoding is strict on purpose: JOSE compares encoded strings (protected headers, payloads),
/// so two spellings of the same bytes must never both be accepted. Padding, whitespace,
/// characters outside the URL-safe alphabet and non-zero trailing bits are refused.
public enum Base64URL {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// Encodes bytes as base64url text without padding.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let input = Array(bytes)
        var output = [UInt8]()
        output.reserveCapacity((input.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= input.count {
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            output.append(alphabet[Int((chunk >> 18) & 63)])
            output.append(alphabet[Int((chunk >> 12) & 63)])
            output.append(alphabet[Int((chunk >> 6) & 63)])
            output.append(alphabet[Int(chunk & 63)])
            index += 3
        }
        switch input.count - index {
        case 1:
            let chunk = UInt32(input[index]) << 16
            output.append(alphabet[Int((chunk >> 18) & 63)])
            output.append(alphabet[Int((chunk >> 12) & 63)])
        case 2:
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
            output.append(alphabet[Int((chunk >> 18) & 63)])
            output.append(alphabet[Int((chunk >> 12) & 63)])
            output.append(alphabet[Int((chunk >> 6) & 63)])
        default:
            break
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes base64url text without padding, refusing every non-canonical spelling.
    public static func decode(_ text: some StringProtocol) throws(Base64URLError) -> [UInt8] {
        try decode(utf8: Array(text.utf8))
    }

    /// Decodes base64url given as UTF-8 bytes.
    public static func decode(utf8 input: some Collection<UInt8>) throws(Base64URLError) -> [UInt8] {
        let text = Array(input)
        var output = [UInt8]()
        output.reserveCapacity(text.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for (offset, character) in text.enumerated() {
            if character == UInt8(ascii: "=") { throw .padding }
            let value = decodeTable[Int(character)]
            if value == 0xFF { throw .invalidCharacter(offset: offset) }
            accumulator = (accumulator << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
            }
        }
        if text.count % 4 == 1 { throw .invalidLength }
        // Leftover bits must be zero, or two different strings would decode to the same bytes.
        if bits > 0 && (accumulator & ((1 << UInt32(bits)) - 1)) != 0 { throw .nonCanonicalTrailingBits }
        return output
    }
}

/// Why a base64url string was refused.
public enum Base64URLError: Error, Equatable, Sendable, CustomStringConvertible {
    case padding
    case invalidCharacter(offset: Int)
    case invalidLength
    case nonCanonicalTrailingBits

    public var description: String {
        switch self {
        case .padding: "base64url must not be padded with '='"
        case .invalidCharacter(let offset): "character at offset \(offset) is not in the base64url alphabet"
        case .invalidLength: "base64url length is impossible (length mod 4 == 1)"
        case .nonCanonicalTrailingBits: "base64url has non-zero trailing bits (non-canonical encoding)"
        }
    }
}
