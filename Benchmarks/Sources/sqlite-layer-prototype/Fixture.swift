import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Logging

/// The seeded database both sides work on: members with one signing key each and open
/// statements, written through the store's public API (its migrations make the schema). Each
/// measured run starts from a copy of the same seeded file, so every run of every side sees the
/// same rows.
struct Fixture: Sendable {
    let members: [MemberRecord]
    /// `keys[i]` is `members[i]`'s.
    let keys: [KeyRecord]
    let statements: [StatementRecord]

    /// Distinct (statement, member) pairs, so distinct votes a run can cast.
    var pairCount: Int { members.count * statements.count }

    /// The inputs of vote `index` (below `pairCount`): statements vary fastest, so every
    /// statement gets its n-th vote before any gets its (n+1)-th, and the votes each lock row
    /// carries grow the same way on both sides. The nonce is unique within a run; a run starts
    /// from a fresh copy of the seed, so runs never collide.
    func vote(_ index: Int) -> VoteInput {
        let statement = statements[index % statements.count]
        let seat = index / statements.count
        // A signature of the size of a real one (a flattened JWS of an Ed25519 signature over the
        // statement's digest: about 240 bytes), distinct per vote.
        let signature = #"{"payload":"\#(statement.digest)","protected":"eyJhbGciOiJFZERTQSIsImlhdCI6MTc2NTE0MDAwMCwidHlwIjoiY291bnRlcnNpZ24tYXBwcm92YWwrandzIn0","signature":"\#(Self.filler(86, salt: index))"}"#
        return VoteInput(
            statement: statement.id, member: members[seat].id, kid: keys[seat].kid, nonce: Self.filler(22, salt: index),
            signature: signature, signatureHash: Self.filler(43, salt: index &* 31), dueAt: statement.expiresAt)
    }

    /// `count` base64url characters, different for different `salt`s.
    static func filler(_ count: Int, salt: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var state = UInt64(truncatingIfNeeded: salt) &* 0x9E37_79B9_7F4A_7C15 &+ 0x632B_E59B_D9B4_E019
        var text = ""
        text.reserveCapacity(count)
        for _ in 0..<count {
            state ^= state >> 29
            state = state &* 0xBF58_476D_1CE4_E5B9
            state ^= state >> 32
            text.append(alphabet[Int(state & 63)])
        }
        return text
    }

    /// Creates the database at `path` with the store's schema and the seed: `memberCount`
    /// members with a key each, and `statementCount` pending statements whose threshold no run
    /// reaches (so every vote leaves its statement pending, on both sides alike).
    static func seed(path: String, memberCount: Int, statementCount: Int, logger: Logger) async throws -> Fixture {
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        var generator = SystemRandomNumberGenerator()
        func random(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) } }
        var members: [MemberRecord] = []
        var keys: [KeyRecord] = []
        for index in 0..<memberCount {
            let member = MemberRecord(
                id: try MemberID(randomBytes: random(16)), name: "Prototype Member \(index)", roles: [], status: .active,
                userHandle: random(32), createdAt: now)
            let kid = filler(43, salt: 1_000_000 + index)
            // A JWK and an admin-token attestation of the sizes real ones have.
            let jwk = #"{"crv":"Ed25519","kty":"OKP","x":"\#(filler(43, salt: 2_000_000 + index))"}"#
            let attestation = #"{"enrolledAt":"\#(Int(now.timeIntervalSince1970))","jwk":\#(jwk),"member":"\#(member.id.rawValue)","proof":{"token":"\#(filler(420, salt: 3_000_000 + index))","type":"admin-token"}}"#
            members.append(member)
            keys.append(KeyRecord(kid: kid, member: member.id, jwk: jwk, method: "admin-token", attestation: attestation, validFrom: now))
        }
        var statements: [StatementRecord] = []
        for index in 0..<statementCount {
            let id = try StatementID(randomBytes: random(16))
            let title = "Prototype statement \(index)"
            let document = JCS.canonicalize(.object([
                "id": .string(id.rawValue), "title": .string(title), "creator": .string(members[0].id.rawValue),
                "createdAt": .number(now.timeIntervalSince1970),
                "content": .object([
                    "kind": "purchase-order", "number": .number(Double(index)),
                    "amount": .object(["currency": "EUR", "value": .number(Double(1_000 + index % 9_000))]),
                    "text": "Seeded by sqlite-layer-prototype: a purchase order the signers approve.",
                ]),
                "policy": .object([
                    "threshold": .number(Double(memberCount + 1)),
                    "signers": .array(members.map { .object(["member": .string($0.id.rawValue), "weight": 1]) }),
                ]),
            ]))
            statements.append(StatementRecord(
                id: id, creator: members[0].id, title: title, document: document, digest: filler(43, salt: 4_000_000 + index),
                status: StatementStatus(state: .pending, weight: 0, threshold: memberCount + 1, decidedAt: nil), createdAt: now,
                expiresAt: now.addingTimeInterval(30 * 86_400), updatedAt: now))
        }

        let store = try await StoreFactory.openSQLite(path: path, logger: logger)
        do {
            let (seededMembers, seededKeys) = (members, keys)
            try await store.write { tx in
                for (member, key) in zip(seededMembers, seededKeys) {
                    try await tx.insertMember(member)
                    try await tx.insertKey(key)
                }
            }
            var stored: [StatementRecord] = []
            for start in stride(from: 0, to: statements.count, by: 500) {
                let batch = Array(statements[start..<min(statements.count, start + 500)])
                stored += try await store.write { tx in
                    var withSeq: [StatementRecord] = []
                    for var statement in batch {
                        statement.seq = try await tx.insertStatement(statement)
                        withSeq.append(statement)
                    }
                    return withSeq
                }
            }
            statements = stored
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
        return Fixture(members: members, keys: keys, statements: statements)
    }
}

/// What one vote transaction writes, the same on both sides.
struct VoteInput: Sendable {
    let statement: StatementID
    let member: MemberID
    let kid: String
    let nonce: String
    /// The vote's signature as stored (a JWS in JSON).
    let signature: String
    /// The audit event's `signature` detail (a hash of the signature, base64url).
    let signatureHash: String
    /// When the statement is next due (its expiry): written with its status.
    let dueAt: Date?

    /// The audit event's details, as the server's vote.approve event has them.
    func auditDetails(weight: Int) -> JSONValue {
        .object([
            "kid": .string(kid), "signature": .string(signatureHash), "stepUp": .bool(false), "weight": .number(Double(weight)),
        ])
    }
}
