import Testing
@testable import CountersignJSON

/// `JSONParser.Numbers.exact` (issue 18, hole 2): a number literal is accepted only when a double
/// holds it exactly as JCS writes it, so that what someone typed is the number that is signed;
/// refusals say where, as line and column as well as byte offset.
@Suite struct JSONExactNumberTests {
    let exact = JSONParser(numbers: .exact)

    func reason(_ text: String, _ parser: JSONParser) -> JSONError.Reason? {
        do {
            _ = try parser.parse(text)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test("exact numbers: spellings of a double's value are accepted", arguments: [
        "0", "-0", "1", "-1", "1.50", "1e2", "1E+2", "0.1", "100e-2", "9007199254740992", "-9007199254740992",
        "1e21", "1e+23", "5e-324", "1.7976931348623157e308", "333333333.3333333", "0.000001", "0e-999", "2500000.50",
    ])
    func accepted(text: String) {
        #expect(reason("[\(text)]", exact) == nil, "\(text)")
    }

    @Test("exact numbers: literals a double holds only rounded are refused with what they would be signed as", arguments: [
        ("12345678901234567890", "12345678901234567000"),
        ("9007199254740993", "9007199254740992"),
        ("3.141592653589793238", "3.141592653589793"),
        ("333333333.33333329", "333333333.3333333"),
        ("0.30000000000000000001", "0.3"),
        ("-12345678901234567890", "-12345678901234567000"),
    ])
    func refused(text: String, canonical: String) {
        #expect(reason("[\(text)]", exact) == .numberNotExact(text: text, canonical: canonical), "\(text)")
    }

    @Test("out of range stays out of range; the default reading keeps RFC 8785's nearest double")
    func rangeAndDefault() throws {
        #expect(reason(#"{"x":1e400}"#, exact) == .numberOutOfRange)
        #expect(reason("[1e-400]", exact) == .numberOutOfRange)
        // RFC 8785's own test data reads 333333333.33333329 as its nearest double.
        #expect(try JSONParser().parse("[333333333.33333329]") == .array([.number(333333333.3333333)]))
        #expect(try JSONParser().parse("12345678901234567890") == .number(12345678901234567168))
    }

    @Test("a refusal names line and column as well as the byte offset")
    func positions() {
        let text = "{\n  \"dup\": 1,\n  \"dup\": 2\n}"
        do {
            _ = try exact.parse(text)
            Issue.record("duplicate names accepted")
        } catch {
            #expect(error.reason == .duplicateName("dup"))
            #expect(error.description(in: Array(text.utf8)) == #"duplicate member name "dup" at line 3, column 3 (byte 16)"#)
            #expect(error.description == #"duplicate member name "dup" at byte 16"#)
        }
        // Columns count characters, not bytes: "é" and "€" are one column each.
        let accented = Array("{\"é€\":\n 12345678901234567890}".utf8)
        let number = JSONTextPosition(offset: 11, in: accented)
        #expect((number.line, number.column) == (2, 2))
        let quote = JSONTextPosition(offset: 7, in: accented)
        #expect((quote.line, quote.column) == (1, 5))
    }
}
