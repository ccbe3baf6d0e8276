import Countersign
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// Signed approvals prepared ahead (so a fault hits the submission, not the signing), and the check
/// every fault test ends with: each vote stored at most once, every acknowledged one stored, each
/// stored vote with exactly its audit event, and an audit chain that verifies.
struct VoteLedger: Sendable {
    struct Ballot: Sendable {
        let member: TestMember
        let statement: String
        let entry: JSONObject

        var key: String { "\(member.id) \(statement)" }

        func submit() async -> APIClient.Reply? { try? await member.submit(.approve, entry, on: statement) }
    }

    let statements: [String]
    let ballots: [Ballot]

    /// `count` statements, each needing every member's approval, and every member's signed approval
    /// of each.
    static func prepare(members: [TestMember], statements count: Int) async throws -> VoteLedger {
        let policy = #"{"threshold":\#(members.count),"signers":[{"role":"board","weight":1}]}"#
        var statements: [String] = []
        for index in 0..<count {
            statements.append(try await members[index % members.count].createStatement("Fault load \(index)", policy: policy))
        }
        var ballots: [Ballot] = []
        for statement in statements {
            for member in members {
                let (payload, digest) = try await member.document(of: statement)
                ballots.append(Ballot(member: member, statement: statement, entry: try member.signature(.approve, statement: statement, payload: payload, digest: digest)))
            }
        }
        return VoteLedger(statements: statements, ballots: ballots)
    }

    /// Reads every statement and the audit log through `reader` and checks them against what the
    /// server acknowledged (`acknowledged`, keys "member statement"). Returns the stored keys.
    @discardableResult
    func verify(_ reader: APIClient, acknowledged: Set<String>, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Set<String> {
        var stored: [String] = []
        for statement in statements {
            let view = try await reader.get("/api/statements/\(statement)")
            try expectStatus(view, 200)
            for vote in view.object["votes"]?.arrayValue ?? [] {
                if let member = vote.objectValue?["member"]?.stringValue { stored.append("\(member) \(statement)") }
            }
        }
        let storedSet = Set(stored)
        #expect(stored.count == storedSet.count, "a vote is stored twice", sourceLocation: sourceLocation)
        #expect(acknowledged.subtracting(storedSet).isEmpty, "acknowledged votes lost: \(acknowledged.subtracting(storedSet))", sourceLocation: sourceLocation)
        let events = try await AuditLog.all(reader)
        _ = try AuditChain.verify(events)
        let audited = events.filter { $0.action == "vote.approve" }.map { "\($0.actor) \($0.subject)" }
        #expect(audited.count == Set(audited).count, "a vote is audited twice", sourceLocation: sourceLocation)
        #expect(Set(audited) == storedSet, "each stored vote has exactly its audit event", sourceLocation: sourceLocation)
        return storedSet
    }
}

/// Checks a fault refusal: 503 with `code` in the API's error shape.
func expectUnavailable(_ reply: APIClient.Reply?, _ code: String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let reply else {
        Issue.record("no answer at all; expected 503 \(code)", sourceLocation: sourceLocation)
        return
    }
    expectError(reply, 503, code, sourceLocation: sourceLocation)
}
