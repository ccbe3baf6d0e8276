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

    /// Whether every character of `text` is in the base64url alphabet (says nothing of its length
    /// or trailing bits): what may stand between the dots of a compact serialization.
    public static func isAlphabetText(_ text: some StringProtocol) -> Bool {
        text.utf8.allSatisfy { decodeTable[Int($0)] != 0xFF }
    }

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
        try decode(utf8: text.utf8)
    }

    /// Decodes base64url given as UTF-8 bytes.
    public static func decode(utf8 input: some Collection<UInt8>) throws(Base64URLError) -> [UInt8] {
        let result: Result<[UInt8], Base64URLError>? = input.withContiguousStorageIfAvailable { decode(buffer: $0) }
        return try (result ?? Array(input).withUnsafeBufferPointer { decode(buffer: $0) }).get()
    }

    /// Decodes four characters at a time: this runs over every payload a verifier sees.
    private static func decode(buffer text: UnsafeBufferPointer<UInt8>) -> Result<[UInt8], Base64URLError> {
        let table = decodeTable
        let count = text.count
        // Any byte outside the alphabet has the high bit set in its table entry, so one test per
        // group of four finds it; the exact offset is looked up only on failure.
        func firstBadOffset(from start: Int) -> Base64URLError {
            var offset = start
            while offset < count, table[Int(text[offset])] != 0xFF { offset += 1 }
            if offset < count, text[offset] == UInt8(ascii: "=") { return .padding }
            return .invalidCharacter(offset: offset)
        }
        let whole = count / 4 * 4
        var failure: Base64URLError?
        // Room for the whole groups and the (at most two) bytes of a final partial group.
        var output = [UInt8](unsafeUninitializedCapacity: whole / 4 * 3 + 2) { buffer, initialized in
            var out = 0
            var index = 0
            while index < whole {
                let a = table[Int(text[index])], b = table[Int(text[index + 1])]
                let c = table[Int(text[index + 2])], d = table[Int(text[index + 3])]
                if (a | b | c | d) & 0x80 != 0 {
                    failure = firstBadOffset(from: index)
                    break
                }
                let chunk = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                buffer[out] = UInt8(truncatingIfNeeded: chunk >> 16)
                buffer[out + 1] = UInt8(truncatingIfNeeded: chunk >> 8)
                buffer[out + 2] = UInt8(truncatingIfNeeded: chunk)
                out += 3
                index += 4
            }
            initialized = out
        }
        if let failure { return .failure(failure) }
        let index = whole
        let remaining = count - index
        guard remaining > 0 else { return .success(output) }
        var chunk: UInt32 = 0
        for offset in 0..<remaining {
            let value = table[Int(text[index + offset])]
            if value & 0x80 != 0 { return .failure(firstBadOffset(from: index)) }
            chunk = chunk << 6 | UInt32(value)
        }
        switch remaining {
        case 2:
            // 12 bits: one byte, and the low 4 bits must be zero.
            if chunk & 0x0F != 0 { return .failure(.nonCanonicalTrailingBits) }
            output.append(UInt8(truncatingIfNeeded: chunk >> 4))
        case 3:
            // 18 bits: two bytes, and the low 2 bits must be zero.
            if chunk & 0x03 != 0 { return .failure(.nonCanonicalTrailingBits) }
            output.append(UInt8(truncatingIfNeeded: chunk >> 10))
            output.append(UInt8(truncatingIfNeeded: chunk >> 2))
        default:
            return .failure(.invalidLength)
        }
        return .success(output)
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
