import Countersign
import CountersignJSON
import CountersignStore
import CountersignTestSupport
import Foundation
import Testing
@testable import CountersignServer

/// Reasons with rejections and withdrawals, and comment threads (issue 22), over HTTP on both
/// engines: the signed reason is kept and exported exactly; a reason the signature does not sign
/// is refused; a withdrawal's reason is recorded and audited, marked unsigned; comments are
/// refused to members the policy does not name, bounded, rate-limited and audited.
@Suite("Reasons and comments")
struct ReasonsAndCommentsTests {
    /// Bob and Carol sign; Alice creates; Dave (role "staff") is not named.
    static let bobAndCarol = #"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#

    static func team(_ server: TestServer) async throws -> [TestMember] {
        let partners = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
        let dave = try await registeredMember(server, name: "dave", roles: ["staff"])
        return partners + [dave]
    }

    @Test("A rejection with a reason signs rejection/v2; the view, the audit event and the evidence carry the reason exactly", arguments: Engine.available)
    func signedReason(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let id = try await alice.createStatement(policy: Self.bobAndCarol)
            let reason = try VoteReason("  Too expensive;\nsee « annex B » ✍️ ")
            let rejected = try await bob.vote(.reject, on: id, reason: reason)
            try expectStatus(rejected, 201)
            let vote = try #require(rejected.object["votes"]?.arrayValue?.first?.objectValue)
            #expect(vote["reason"]?.stringValue == reason.text)
            #expect(try await alice.view(id)["votes"]?.arrayValue?.first?.objectValue?["reason"]?.stringValue == reason.text)

            // The v1 envelope does not hold it (its payload would not be the one signed).
            let envelope = try await alice.client.get("/api/statements/\(id)/envelope?kind=rejections")
            #expect(envelope.object["signatures"]?.arrayValue?.isEmpty == true)

            let evidence = try await alice.client.get("/api/statements/\(id)/evidence")
            try expectStatus(evidence, 200)
            let bundle = try EvidenceBundle(json: evidence.body)
            #expect(bundle.rejections == nil && bundle.reasonedRejections.count == 1)
            let payload = try #require(bundle.reasonedRejections.first?.payload)
            #expect(RejectionPayload.read(payload, for: bundle.statement.signedStatement)?.reason == reason)
            let verified = try await OfflineVerification.verify(bundle: evidence.body, server: server, extraArguments: ["--json"])
            let report = try #require(try JSONParser().parse(Array(verified.stdout.utf8)).objectValue)
            let entries = report["signatures"]?.arrayValue ?? []
            let signatures = entries.compactMap(\.objectValue)
            #expect(signatures.contains { $0["kind"] == "reject" && $0["verified"] == true && $0["reason"]?.stringValue == reason.text },
                    "\(verified.stdout)")

            try await eventually("the vote.reject audit event with its reason") {
                try await AuditLog.all(alice.client).contains { $0.action == "vote.reject" && $0.details.objectValue?["reason"]?.stringValue == reason.text }
            }
        }
    }

    @Test("A reason the signature does not sign, a reason on an approval, and a reason breaking the bounds are refused", arguments: Engine.available)
    func unsignedOrInvalidReason(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
            let (alice, bob, carol) = (team[0], team[1], team[2])
            let id = try await alice.createStatement(policy: Self.bobAndCarol)
            let (payload, digest) = try await bob.document(of: id)
            // A v1 signature with a reason added beside it: the reason is not what was signed.
            let v1 = try bob.signature(.reject, statement: id, payload: payload, digest: digest)
            expectError(try await bob.submit(.reject, v1, on: id, reason: "added later"), 422, "vote_signature_invalid")
            // A v2 signature over one reason, sent with another (one trailing space less).
            let signed = try VoteReason("no ")
            let v2 = try bob.signature(.reject, statement: id, payload: payload, digest: digest, reason: signed)
            expectError(try await bob.submit(.reject, v2, on: id, reason: "no"), 422, "vote_signature_invalid")
            // A v2 signature sent without its reason.
            expectError(try await bob.submit(.reject, v2, on: id), 422, "vote_signature_invalid")
            // An approval carries no reason.
            let approval = try carol.signature(.approve, statement: id, payload: payload, digest: digest)
            expectError(try await carol.submit(.approve, approval, on: id, reason: "because"), 400, "unknown_field")
            // Bounds: too long, a control character, blank.
            for text in [String(repeating: "x", count: VoteReason.maxScalars + 1), "a\u{1B}[2Kb", "   "] {
                expectError(try await bob.client.post("/api/statements/\(id)/rejections", ["signature": .object(v1), "reason": .string(text)]), 400, "reason_invalid")
            }
            #expect(try await alice.view(id)["votes"]?.arrayValue?.isEmpty == true)
            try expectStatus(try await bob.submit(.reject, v2, on: id, reason: signed.text), 201)
        }
    }

    @Test("A withdrawal's reason is recorded, shown as not signed and audited; a bad one is refused and nothing is withdrawn", arguments: Engine.available)
    func withdrawalReason(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let id = try await alice.createStatement(policy: Self.bobAndCarol)
            try expectStatus(try await bob.vote(.approve, on: id), 201)
            let bad = try await bob.client.send(.DELETE, "/api/statements/\(id)/votes/me", body: JCS.canonicalize(.object(["reason": "a\tb"])))
            expectError(bad, 400, "reason_invalid")
            #expect(try await alice.view(id)["votes"]?.arrayValue?.count == 1)
            let reason = "The figures changed\nsince Monday"
            let withdrawn = try await bob.client.send(.DELETE, "/api/statements/\(id)/votes/me", body: JCS.canonicalize(.object(["reason": .string(reason)])))
            try expectStatus(withdrawn, 200)
            let entry = try #require(withdrawn.object["withdrawals"]?.arrayValue?.first?.objectValue)
            #expect(entry["reason"]?.stringValue == reason && entry["reasonSigned"] == false && entry["kind"] == "approve")
            #expect(try await alice.view(id)["withdrawals"]?.arrayValue?.count == 1)
            try await eventually("the vote.withdrawn audit event with its reason") {
                try await AuditLog.all(alice.client).contains { $0.action == "vote.withdrawn" && $0.details.objectValue?["reason"]?.stringValue == reason }
            }
            // Without a body, as before.
            try expectStatus(try await bob.vote(.reject, on: id), 201)
            try expectStatus(try await bob.client.delete("/api/statements/\(id)/votes/me"), 200)
        }
    }

    @Test("Comments: the creator and the named members read and write; a member not named is refused; the admin reads; audited with a hash; live event", arguments: Engine.available)
    func commentAccess(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Self.team(server)
            let (alice, bob, dave) = (team[0], team[1], team[3])
            let id = try await alice.createStatement(policy: #"{"threshold":1,"signers":[{"member":"\#(bob.id)","weight":1}]}"#)
            let recorder = try await EventRecorder(server, as: alice)
            defer { recorder.stop() }
            let text = "Could we wait for the audit?\n— Bob"
            let posted = try await bob.client.post("/api/statements/\(id)/comments", ["text": .string(text)])
            try expectStatus(posted, 201)
            #expect(posted.object["text"]?.stringValue == text && posted.object["author"]?.stringValue == bob.id)
            try expectStatus(try await alice.client.post("/api/statements/\(id)/comments", ["text": "Yes."]), 201)
            let thread = try await alice.client.get("/api/statements/\(id)/comments")
            try expectStatus(thread, 200)
            #expect(thread.object["comments"]?.arrayValue?.compactMap { $0.objectValue?["text"]?.stringValue } == [text, "Yes."])

            // Dave (not named, not the creator) may neither read nor write; carol is a partner
            // but the policy names bob only.
            expectError(try await dave.client.get("/api/statements/\(id)/comments"), 403, "not_a_participant")
            expectError(try await dave.client.post("/api/statements/\(id)/comments", ["text": "hi"]), 403, "not_a_participant")
            expectError(try await team[2].client.get("/api/statements/\(id)/comments"), 403, "not_a_participant")
            expectError(try await dave.client.get("/api/statements/st_AAAAAAAAAAAAAAAAAAAAAA/comments"), 404)

            let admin = try await AdminClient(server: server).get("/api/admin/statements/\(id)/comments")
            try expectStatus(admin, 200)
            #expect(admin.object["comments"]?.arrayValue?.count == 2)
            let anonymous = APIClient(baseURL: server.baseURL)
            expectError(try await anonymous.get("/api/statements/\(id)/comments"), 401)

            try await eventually("two comment.added audit events, with the text's hash and not the text") {
                let events = try await AuditLog.all(alice.client).filter { $0.action == "comment.added" }
                return events.count == 2 && events.allSatisfy { $0.subject == id && $0.details.objectValue?["sha256"]?.stringValue != nil }
                    && !events.contains { String(decoding: JCS.canonicalize($0.details), as: UTF8.self).contains("audit?") }
            }
            try await eventually("the live comment events on alice's stream") { recorder.events("comment").count == 2 }
        }
    }

    @Test("Comments are bounded: size, control characters, the rate per member", arguments: Engine.available)
    func commentBounds(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
            let alice = team[0]
            let id = try await alice.createStatement(policy: Self.bobAndCarol)
            expectError(try await alice.client.post("/api/statements/\(id)/comments", ["text": .string(String(repeating: "x", count: CommentText.maxScalars + 1))]), 400, "comment_invalid")
            expectError(try await alice.client.post("/api/statements/\(id)/comments", ["text": "a\u{202E}b"]), 400, "comment_invalid")
            expectError(try await alice.client.post("/api/statements/\(id)/comments", ["text": " "]), 400, "comment_invalid")
            expectError(try await alice.client.post("/api/statements/\(id)/comments", ["text": "x", "extra": 1]), 400, "unknown_field")
            try expectStatus(try await alice.client.post("/api/statements/\(id)/comments", ["text": .string(String(repeating: "é", count: CommentText.maxScalars))]), 201)
            for index in 1..<10 {
                try expectStatus(try await alice.client.post("/api/statements/\(id)/comments", ["text": .string("comment \(index)")]), 201)
            }
            expectError(try await alice.client.post("/api/statements/\(id)/comments", ["text": "one too many"]), 429, "rate_limited")
            server.clock.advance(by: 61)
            try expectStatus(try await alice.client.post("/api/statements/\(id)/comments", ["text": "a minute later"]), 201)
        }
    }

    @Test("A statement holds at most 500 comments", arguments: Engine.available)
    func commentCountBound(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
            let (alice, bob) = (team[0], team[1])
            let id = try await alice.createStatement(policy: Self.bobAndCarol)
            // 499 comments written straight to the store (by many minutes' worth of posting), then
            // the 500th through the API is accepted and the 501st refused.
            let statement = try StatementID(id)
            let author = try MemberID(bob.id)
            let start = server.environment.clock().addingTimeInterval(-86_400)
            try await server.store.write { tx in
                for index in 0..<(CommentService.maxPerStatement - 1) {
                    try await tx.insertComment(CommentRecord(
                        id: "cmt_fill\(index)", statement: statement, author: author, text: "filler \(index)",
                        createdAt: start.addingTimeInterval(Double(index))))
                }
            }
            try expectStatus(try await alice.client.post("/api/statements/\(id)/comments", ["text": "the last one"]), 201)
            expectError(try await alice.client.post("/api/statements/\(id)/comments", ["text": "one more"]), 409, "comments_full")
            let thread = try await bob.client.get("/api/statements/\(id)/comments")
            #expect(thread.object["comments"]?.arrayValue?.count == CommentService.maxPerStatement)
        }
    }
}
