import Foundation

/// Standard base64 with padding (RFC 4648 section 4), strict: the notes and proofs of a
/// transparency log are read by machines, so one spelling per value.
enum Base64 {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// The bytes, or nil when `text` is not canonical base64 (wrong alphabet, missing or extra
    /// padding, whitespace, non-zero unused bits).
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let string = String(text)
        guard !string.isEmpty, string.utf8.count % 4 == 0, let data = Data(base64Encoded: string) else {
            return string.isEmpty ? [] : nil
        }
        let bytes = [UInt8](data)
        // Foundation accepts non-zero padding bits; re-encoding must give the same text.
        guard encode(bytes) == string else { return nil }
        return bytes
    }
}
