import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Issue 18, hole 2: what is signed must be exactly what the creator typed. The web form sends
/// the content's text ("contentText"), the CLI and client a JSON value inside the body; both are
/// read strictly (I-JSON with exact numbers) from the bytes that were sent, and a refusal says why
/// and where. Before the fix the API stored 12345678901234567890 as 12345678901234567000, and
/// knew no "contentText" at all (the web form re-serialised the text with JSON.stringify).
@Suite("Statement content as typed")
struct StatementContentTests {
    static let partners = #"{"threshold":1,"signers":[{"role":"partner","weight":1}]}"#

    /// The three inputs of the review, each with the reason and the position the refusal must name.
    static let refused: [(text: String, reason: String, position: String)] = [
        (#"{"x":1e400}"#, "does not fit an IEEE 754 double", "line 1, column 6 (byte 5)"),
        ("12345678901234567890", "would be signed as 12345678901234567000", "line 1, column 1 (byte 0)"),
        ("{\n  \"dup\": 1,\n  \"dup\": 2\n}", #"duplicate member name "dup""#, "line 3, column 3 (byte 16)"),
    ]

    /// A body whose "content" member is `content` spliced in as raw bytes, as a client that writes
    /// JSON text itself would send it (a JSONObject cannot hold duplicate names).
    static func rawBody(content: String) -> [UInt8] {
        Array(#"{"title":"As typed","policy":\#(partners),"content":\#(content)}"#.utf8)
    }

    @Test("signedContentIsExactlyWhatWasTyped: contentText and content refuse duplicates, inexact and overflowing numbers with reason and position", arguments: Engine.available)
    func signedContentIsExactlyWhatWasTyped(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let alice = try await registeredMember(server)
            let policy = try JSONParser().parse(Array(Self.partners.utf8))
            for (text, reason, position) in Self.refused {
                // The web form's shape: the text as typed, read by the one strict reading.
                let typed = try await alice.client.post(
                    "/api/statements", ["title": "As typed", "contentText": .string(text), "policy": policy])
                expectError(typed, 422, "statement_content_not_ijson")
                let message = typed.object["error"]?.objectValue?["message"]?.stringValue ?? ""
                #expect(message.contains(reason) && message.contains(position), "\(text): \(message)")

                // The CLI's and client's shape: the same content inside the body's own bytes.
                let embedded = try await alice.client.send(.POST, "/api/statements", body: Self.rawBody(content: text))
                expectError(embedded, 400, "invalid_json")
                let bodyMessage = embedded.object["error"]?.objectValue?["message"]?.stringValue ?? ""
                #expect(bodyMessage.contains(reason) && bodyMessage.contains("line ") && bodyMessage.contains("(byte "), "\(text) in the body: \(bodyMessage)")
            }
            let list = try await alice.client.get("/api/statements")
            #expect(list.object["statements"]?.arrayValue?.isEmpty == true, "nothing may be stored: \(list)")

            // Accepted text is stored as the canonical form of exactly what was typed.
            let text = "{\n  \"valuation\": 1.50e3,\n  \"amount\": 2500000.50,\n  \"big\": 1e21,\n  \"name\": \"Série A\"\n}"
            let created = try await alice.client.post(
                "/api/statements", ["title": "As typed", "contentText": .string(text), "policy": policy])
            try expectStatus(created, 201)
            let id = try #require(created.object["statement"]?.objectValue?["id"]?.stringValue)
            let view = try await alice.client.get("/api/statements/\(id)")
            let document = try JSONParser().parse(try #require(view.object["payload"]?.base64URLBytes))
            let stored = try #require(document.objectValue?["content"])
            #expect(JCS.canonicalize(stored) == (try JCS.canonicalize(json: Array(text.utf8))))
            #expect(
                String(decoding: JCS.canonicalize(stored), as: UTF8.self)
                    == #"{"amount":2500000.5,"big":1e+21,"name":"Série A","valuation":1500}"#)

            // Both shapes at once, or a contentText that is not text, are refused.
            let both = try await alice.client.post(
                "/api/statements", ["title": "t", "content": 1, "contentText": "1", "policy": policy])
            expectError(both, 400, "invalid_field")
            expectError(try await alice.client.post("/api/statements", ["title": "t", "contentText": 1, "policy": policy]), 400, "invalid_field")
        }
    }
}
