import PropertyBased
import Testing
@testable import CountersignJSON

@Suite struct Base64URLTests {
    @Test("RFC 4648 test vectors, URL alphabet, no padding", arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ])
    func vectors(plain: String, encoded: String) throws {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        #expect(try Base64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test("URL-safe alphabet: - and _ instead of + and /")
    func alphabet() throws {
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(throws: Base64URLError.invalidCharacter(offset: 0)) { try Base64URL.decode("+_8") }
        #expect(throws: Base64URLError.invalidCharacter(offset: 1)) { try Base64URL.decode("-/8") }
    }

    @Test("padding, whitespace, foreign characters and impossible lengths are refused", arguments: [
        ("Zg==", Base64URLError.padding), ("Zm8=", .padding), ("Zm 9v", .invalidCharacter(offset: 2)),
        ("Zm9v\n", .invalidCharacter(offset: 4)), ("Zm9ü", .invalidCharacter(offset: 3)), ("Z", .invalidLength),
        ("Zm9vY", .invalidLength),
    ])
    func refused(text: String, error: Base64URLError) {
        #expect(throws: error) { try Base64URL.decode(text) }
    }

    @Test("non-zero trailing bits are a second spelling and refused")
    func trailingBits() {
        // "Zh" decodes to "f" in lenient decoders: its last 4 bits are not zero.
        #expect(throws: Base64URLError.nonCanonicalTrailingBits) { try Base64URL.decode("Zh") }
        #expect(throws: Base64URLError.nonCanonicalTrailingBits) { try Base64URL.decode("Zm9") }
    }

    @Test("decode(encode(bytes)) == bytes for random bytes")
    func roundTrip() async {
        await propertyCheck(input: Gen.uint8(in: 0...255).array(of: 0...100)) { bytes in
            #expect((try? Base64URL.decode(Base64URL.encode(bytes))) == bytes)
        }
    }
}
