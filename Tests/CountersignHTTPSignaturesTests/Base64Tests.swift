import Foundation
import Testing

@testable import CountersignHTTPSignatures

/// Standard padded base64, the spelling of structured-field byte sequences (Signature,
/// Content-Digest): every length round-trips as Foundation spells it, and every other spelling
/// is refused rather than read leniently.
@Suite("Standard base64")
struct Base64Tests {
    @Test("every length from 0 to 64 bytes decodes as Foundation encodes it, and encodes back")
    func roundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        for length in 0...64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let text = Data(bytes).base64EncodedString()
            #expect(Base64.decode(text) == bytes, "length \(length)")
            #expect(Base64.encode(bytes) == text, "length \(length)")
        }
        // Both characters that differ from base64url, and both paddings.
        #expect(Base64.decode("+/+/") == [0xFB, 0xFF, 0xBF])
        #expect(Base64.decode("QQ==") == [0x41])
        #expect(Base64.decode("QUI=") == [0x41, 0x42])
    }

    @Test("base64url, missing, extra or misplaced padding, stray characters and loose trailing bits are refused")
    func refusals() {
        for text in [
            "-_-_",  // base64url's alphabet
            "+/-_",
            "QQ",  // padding missing
            "QUI",
            "QQ===",  // too much padding
            "Q===",
            "====",
            "QQ=A",  // padding inside
            "=QQA",
            "QU I",  // stray characters
            "QUI\n",
            "QUÍ=",
            "QR==",  // trailing bits not zero
            "QUJ=",
        ] {
            #expect(Base64.decode(text) == nil, "\(text.debugDescription)")
        }
    }
}
