import CountersignJSON

/// Standard base64 with padding (RFC 4648 section 4), the alphabet of structured-field byte
/// sequences, built on CountersignJOSE's strict base64url codec so there is one decoder to trust.
enum Base64 {
    /// Encodes bytes as padded standard base64.
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let url = Base64URL.encode(bytes)
        var text = String(url.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        while text.utf8.count % 4 != 0 { text.append("=") }
        return text
    }

    /// Decodes padded standard base64; nil for any other spelling (base64url, missing or extra
    /// padding, stray characters).
    ///
    /// Works on the UTF-8 bytes: a request signature's base64 is read twice per signed request
    /// (Signature, Content-Digest), and character-level string operations cost more than the
    /// decoding itself.
    static func decode(_ text: String) -> [UInt8]? {
        var bytes = Array(text.utf8)
        guard bytes.count % 4 == 0 else { return nil }
        var padding = 0
        while padding < 2, bytes.last == UInt8(ascii: "=") {
            bytes.removeLast()
            padding += 1
        }
        // The base64url alphabet differs in two characters; those of base64url are refused here,
        // the rest of the alphabet and padding rules are Base64URL's.
        for index in bytes.indices {
            switch bytes[index] {
            case UInt8(ascii: "-"), UInt8(ascii: "_"): return nil
            case UInt8(ascii: "+"): bytes[index] = UInt8(ascii: "-")
            case UInt8(ascii: "/"): bytes[index] = UInt8(ascii: "_")
            default: continue
            }
        }
        return try? Base64URL.decode(utf8: bytes)
    }
}
