import Countersign
import CountersignJSON
import Testing

/// The statement template's rules (docs/api.md, "Templates"): RFC 6901 pointers, fields that must
/// name a scalar of the skeleton, one-line labels without direction overrides, and the bounds.
@Suite("Statement template rules")
struct StatementTemplateTests {
    static func template(_ json: String) throws(TemplateError) -> StatementTemplate {
        let value = (try? JSONParser(numbers: .exact).parse(Array(json.utf8))) ?? .null
        return try StatementTemplate(json: value.objectValue ?? JSONObject())
    }

    @Test("JSON Pointer: escapes, array indexes without leading zeros, the whole document")
    func pointers() throws {
        let document = try JSONParser().parse(Array(#"{"a/b":{"m~n":[10,20]},"":1}"#.utf8))
        #expect(JSONPointer("/a~1b/m~0n/1")?.resolve(in: document) == .number(20))
        #expect(JSONPointer("/a~1b/m~0n/01")?.resolve(in: document) == nil)
        #expect(JSONPointer("/a~1b/m~0n/2")?.resolve(in: document) == nil)
        #expect(JSONPointer("/")?.resolve(in: document) == .number(1))
        #expect(JSONPointer("")?.resolve(in: document) == document)
        #expect(JSONPointer("a") == nil)
        #expect(JSONPointer("/x~2") == nil)
        #expect(JSONPointer("/x~") == nil)
    }

    @Test("A valid template keeps its fields and policy; the JSON has exactly its parts")
    func valid() throws {
        let parsed = try Self.template(#"""
            {"name":"Call","content":{"amount":0,"ok":true,"who":"x"},"fields":[{"pointer":"/amount","label":"Amount","hint":"EUR"},{"pointer":"/ok","label":"Agreed"}],
             "policy":{"threshold":1,"signers":[{"role":"director","weight":1}]}}
            """#)
        #expect(parsed.fields.map(\.pointer.text) == ["/amount", "/ok"])
        #expect(parsed.title == "" && parsed.policy != nil)
        #expect(Set(parsed.jsonObject.keys) == ["name", "title", "content", "fields", "policy"])
    }

    @Test("Refusals: a field on an object or a missing value, a duplicate, a label with an override or a line break, too many fields, too big")
    func refusals() {
        let cases: [(String, String)] = [
            (#"{"name":"T","content":{"a":{"b":1}},"fields":[{"pointer":"/a","label":"A"}]}"#, "template_field_pointer"),
            (#"{"name":"T","content":{"a":1},"fields":[{"pointer":"/b","label":"A"}]}"#, "template_field_pointer"),
            (#"{"name":"T","content":{"a":1},"fields":[{"pointer":"/a","label":"A"},{"pointer":"/a","label":"B"}]}"#, "template_field_pointer"),
            (#"{"name":"T","content":{"a":1},"fields":[{"pointer":"/a","label":"A\u202eB"}]}"#, "template_text"),
            (#"{"name":"T","content":{"a":1},"fields":[{"pointer":"/a","label":"A\nB"}]}"#, "template_text"),
            (#"{"name":" ","content":{}}"#, "template_text"),
            (#"{"name":"T","content":{},"colour":"red"}"#, "template_unknown_field"),
            (#"{"name":"T"}"#, "template_wrong_type"),
        ]
        for (json, code) in cases {
            #expect(throws: TemplateError.self, "\(json)") { try Self.template(json) }
            do {
                _ = try Self.template(json)
            } catch {
                #expect(error.code == code, "\(json): \(error)")
            }
        }
        let many = (0...StatementTemplate.maxFields).map { "\"v\($0)\":1" }.joined(separator: ",")
        let fields = (0...StatementTemplate.maxFields).map { #"{"pointer":"/v\#($0)","label":"L"}"# }.joined(separator: ",")
        #expect(throws: TemplateError.tooManyFields(limit: StatementTemplate.maxFields)) {
            try Self.template(#"{"name":"T","content":{\#(many)},"fields":[\#(fields)]}"#)
        }
        let big = String(repeating: "a", count: StatementTemplate.maxContentBytes)
        #expect(throws: TemplateError.contentTooLarge(bytes: StatementTemplate.maxContentBytes + 8, limit: StatementTemplate.maxContentBytes)) {
            try Self.template(#"{"name":"T","content":{"t":"\#(big)"}}"#)
        }
    }
}
