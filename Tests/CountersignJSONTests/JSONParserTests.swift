import Testing
@testable import CountersignJSON

@Suite struct JSONParserTests {
    func reason(_ text: String, limits: JSONParser.Limits = .standard) -> JSONError.Reason? {
        do {
            _ = try JSONParser(limits: limits).parse(text)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test("valid documents parse to the expected values")
    func valid() throws {
        let value = try JSONParser().parse(#" {"a": [1, -0.5, 2e3, true, false, null], "b": "\u00e9\ud83d\ude00\n\/"} "#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == .array([1, .number(-0.5), .number(2000), true, false, .null]))
        #expect(object["b"] == .string("é😀\n/"))
    }

    @Test("syntax errors are refused", arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "+1", "1e", "tru", "nul", "'a'", "[1 2]",
        "{\"a\" 1}", "{a:1}", "NaN", "Infinity", "[\"\\x\"]", "[\"\\u12\"]",
    ])
    func syntaxErrors(text: String) {
        #expect(reason(text) != nil, "\(text) was accepted")
    }

    @Test("strictness: duplicates, surrogates, control characters, invalid UTF-8, trailing data")
    func strictness() throws {
        #expect(reason(#"{"a":1,"a":1}"#) == .duplicateName("a"))
        #expect(reason(#"{"x":{"a":1,"b":2,"a":3}}"#) == .duplicateName("a"))
        // Escaped and literal spellings of the same name are the same name.
        #expect(reason(#"{"a":1,"\u0061":2}"#) == .duplicateName("a"))
        #expect(reason(#"["\ud83d"]"#) == .loneSurrogate)
        #expect(reason(#"["\ude00"]"#) == .loneSurrogate)
        #expect(reason(#"["\ud83d\u0041"]"#) == .loneSurrogate)
        #expect(reason("[\"a\tb\"]") == .controlCharacterInString)
        #expect(reason("[1] [2]") == .trailingData)
        #expect(reason("[1e999]") == .numberOutOfRange)
        #expect(reason("[1e-999]") == .numberOutOfRange)
        #expect(reason("[0e-999]") == nil)
        #expect(throws: JSONError.self) { try JSONParser().parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONError.self) { try JSONParser().parse([0x22, 0xED, 0xA0, 0x80, 0x22]) }  // UTF-8 surrogate
    }

    @Test("size and depth limits are enforced")
    func limits() {
        let limits = JSONParser.Limits(maxBytes: 100, maxDepth: 3)
        #expect(reason("[[[1]]]", limits: limits) == nil)
        #expect(reason("[[[[1]]]]", limits: limits) == .tooDeep(limit: 3))
        #expect(reason(#"{"a":{"b":{"c":{}}}}"#, limits: limits) == .tooDeep(limit: 3))
        #expect(reason("[" + String(repeating: "1,", count: 60) + "1]", limits: limits) == .tooLarge(limit: 100))
        // Deep nesting far beyond the limit fails cleanly instead of exhausting the stack.
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(reason(deep, limits: .init(maxBytes: 1 << 20, maxDepth: 64)) == .tooDeep(limit: 64))
    }

    @Test("large objects (hash-indexed) and small ones (linear) behave alike")
    func objectStorage() throws {
        for size in [3, 12, 13, 40] {
            let names = (0..<size).map { "k\($0)" }
            let text = "{" + names.map { "\"\($0)\":\($0.dropFirst())" }.joined(separator: ",") + "}"
            var object = try #require(try JSONParser().parse(text).objectValue)
            #expect(object.keys == names)
            #expect(object["k\(size - 1)"] == .number(Double(size - 1)))
            #expect(reason(String(text.dropLast()) + ",\"k0\":1}") == .duplicateName("k0"))
            object["k0"] = nil
            #expect(object.count == size - 1 && object["k0"] == nil && object["k1"] == .number(1))
            object["k0"] = .number(0)
            let reordered = try #require(try JSONParser().parse(text).objectValue)
            #expect(object == reordered, "equality ignores member order (size \(size))")
            #expect(object.hashValue == reordered.hashValue)
            object["k1"] = .string("changed")
            #expect(object != reordered)
        }
    }
}
