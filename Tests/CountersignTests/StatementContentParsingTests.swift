import CountersignJSON
import Testing
@testable import Countersign

/// StatementContent, the one strict reading of content as a person wrote it (issue 18, hole 2),
/// shared by the server (the web form's text) and the CLI (--content FILE).
@Suite struct StatementContentParsingTests {
    @Test("the review's three inputs are refused as statement_content_not_ijson with reason and position", arguments: [
        (#"{"x":1e400}"#, "does not fit an IEEE 754 double", "line 1, column 6 (byte 5)"),
        ("12345678901234567890", "would be signed as 12345678901234567000", "line 1, column 1 (byte 0)"),
        ("{\n  \"dup\": 1,\n  \"dup\": 2\n}", #"duplicate member name "dup""#, "line 3, column 3 (byte 16)"),
        (#"["\ud800"]"#, "unpaired UTF-16 surrogate", "line 1, column 3 (byte 2)"),
    ])
    func refused(text: String, reason: String, position: String) {
        do {
            _ = try StatementContent.parse(Array(text.utf8))
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.code == "statement_content_not_ijson")
            #expect(error.description.contains(reason) && error.description.contains(position), "\(text): \(error)")
        }
    }

    @Test("valid text gives the value whose canonical form is the text's")
    func accepted() throws {
        let text = "{\n  \"valuation\": 1.50e3,\n  \"amount\": 2500000.50\n}"
        let value = try StatementContent.parse(Array(text.utf8))
        #expect(JCS.canonicalize(value) == Array(#"{"amount":2500000.5,"valuation":1500}"#.utf8))
    }
}
