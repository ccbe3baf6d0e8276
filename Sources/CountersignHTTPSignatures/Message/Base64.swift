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
    static func decode(_ text: String) -> [UInt8]? {
        guard text.utf8.count % 4 == 0, !text.contains("-"), !text.contains("_") else { return nil }
        var body = Substring(text)
        var padding = 0
        while body.last == "=", padding < 2 {
            body = body.dropLast()
            padding += 1
        }
        let url = String(body.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
        return try? Base64URL.decode(url)
    }
}
