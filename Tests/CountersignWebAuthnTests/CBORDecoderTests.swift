import PropertyBased
import Testing
@testable import CountersignWebAuthn

@Suite struct CBORDecoderTests {
    func decode(_ hex: String) throws(CBORError) -> CBORValue {
        try CBORDecoder().decode(hexBytes(hex))
    }

    func reason(_ hex: String, limits: CBORDecoder.Limits = .standard) -> CBORError.Reason? {
        do {
            _ = try CBORDecoder(limits: limits).decode(hexBytes(hex))
            return nil
        } catch {
            return error.reason
        }
    }

    func hexBytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }

    @Test("RFC 8949 Appendix A examples in WebAuthn's subset decode", arguments: [
        ("00", CBORValue.unsigned(0)), ("17", .unsigned(23)), ("1818", .unsigned(24)), ("1903e8", .unsigned(1000)),
        ("1a000f4240", .unsigned(1_000_000)), ("1b000000e8d4a51000", .unsigned(1_000_000_000_000)),
        ("20", .negative(0)), ("3863", .negative(99)), ("f4", .bool(false)), ("f5", .bool(true)), ("f6", .null),
        ("f7", .undefined), ("40", .bytes([])), ("4401020304", .bytes([1, 2, 3, 4])), ("60", .text("")),
        ("6449455446", .text("IETF")), ("62c3bc", .text("ü")), ("80", .array([])),
        ("83010203", .array([.unsigned(1), .unsigned(2), .unsigned(3)])),
    ])
    func appendixA(hex: String, value: CBORValue) throws {
        #expect(try decode(hex) == value)
        #expect(CBOREncoder.encode(value) == hexBytes(hex))
    }

    @Test("maps keep their entries and look up by integer and text keys")
    func maps() throws {
        let map = try #require(try decode("a201020326").mapValue)  // {1: 2, 3: -7}
        #expect(map[int: 1] == .unsigned(2))
        #expect(map[int: 3]?.intValue == -7)
        let textMap = try #require(try decode("a26161016162820203").mapValue)  // {"a": 1, "b": [2, 3]}
        #expect(textMap[text: "b"] == .array([.unsigned(2), .unsigned(3)]))
    }

    @Test("one encoding per value: non-shortest, indefinite, duplicates, tags, floats, bad UTF-8 are refused")
    func strictness() {
        #expect(reason("1817") == .nonShortestEncoding)           // 23 in two bytes
        #expect(reason("190017") == .nonShortestEncoding)
        #expect(reason("5800") == .nonShortestEncoding)           // empty byte string with 1-byte length
        #expect(reason("5f4101ff") == .indefiniteLength)
        #expect(reason("9f01ff") == .indefiniteLength)
        #expect(reason("a201020103") == .duplicateMapKey)         // {1: 2, 1: 3}
        #expect(reason("c11a514b67b0") == .tagNotAllowed(1))
        #expect(reason("f93c00") == .floatingPointNotAllowed)
        #expect(reason("62c328") == .invalidUTF8)
        #expect(reason("1c") == .reservedAdditionalInformation)
        #expect(reason("f810") == .nonShortestEncoding)
        #expect(reason("f820") == .unsupportedSimpleValue(32))
        #expect(reason("0000") == .trailingBytes)
    }

    @Test("lengths and counts beyond the input or the limits fail before allocating")
    func bounds() {
        #expect(reason("5affffffff") == .unexpectedEnd)           // 4 GiB byte string in 5 bytes
        #expect(reason("9bffffffffffffffff") == .tooManyItems(limit: 1024))
        #expect(reason("8401") == .unexpectedEnd)
        let deep = String(repeating: "81", count: 16) + "00"
        #expect(reason(deep) == nil)
        #expect(reason("81" + deep) == .tooDeep(limit: 16))
        #expect(reason("4401020304", limits: .init(maxBytes: 4, maxDepth: 16, maxItemsPerContainer: 8)) == .tooLarge(limit: 4))
    }

    @Test("decodePrefix reports the bytes used, for a COSE key followed by extensions")
    func prefix() throws {
        let (value, consumed) = try CBORDecoder().decodePrefix(hexBytes("a10102a0"))
        #expect(value.mapValue?[int: 1] == .unsigned(2))
        #expect(consumed == 3)
    }

    @Test("encode then decode is the identity for random nested values")
    func roundTrip() async {
        await propertyCheck(input: Gen.int(in: -1_000_000...1_000_000), Gen.uint8(in: 0...255).array(of: 0...40)) { number, bytes in
            let value = CBORValue.map(CBORMap(entries: [
                CBORMapEntry(key: .int(1), value: .int(number)),
                CBORMapEntry(key: .int(-2), value: .bytes(bytes)),
                CBORMapEntry(key: .text("k"), value: .array([.bool(true), .null, .text("é")])),
            ]))
            let decoded = try? CBORDecoder().decode(CBOREncoder.encode(value))
            #expect(decoded.map(CBOREncoder.encode) == CBOREncoder.encode(value))
        }
    }
}
