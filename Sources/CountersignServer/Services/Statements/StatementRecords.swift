import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignStore
import CountersignWebAuthn
import Foundation

/// Turning stored rows back into the domain's values. A row that does not decode is corruption,
/// reported as such rather than skipped.
enum StatementRecords {
    static func statement(_ record: StatementRecord) throws -> Statement {
        do {
            return try Statement(canonicalBytes: record.document)
        } catch {
            throw StoreError.corruptRow("statement \(record.id): \(error)")
        }
    }

    static func signature(_ vote: VoteRecord) throws -> JWS.Signature {
        guard let entry = try? JSONParser().parse(Array(vote.signature.utf8)).objectValue,
              let signature = try? JWS.Signature(entry: entry)
        else { throw StoreError.corruptRow("vote signature of \(vote.member) on \(vote.statement)") }
        return signature
    }

    static func verifiedVote(_ vote: VoteRecord) throws -> VerifiedVote {
        guard let method = MemberKey.Method(rawValue: vote.keyMethod) else { throw StoreError.corruptRow("key method \(vote.keyMethod)") }
        let reason = try vote.reason.map { text in
            guard let reason = try? VoteReason(text) else { throw StoreError.corruptRow("reason of \(vote.member) on \(vote.statement)") }
            return reason
        }
        return VerifiedVote(
            member: vote.member.rawValue, kind: vote.kind, kid: vote.kid, keyMethod: method, receivedAt: vote.receivedAt,
            signature: try signature(vote), stepUp: vote.stepUp, reason: reason)
    }

    static func policyVote(_ vote: VoteRecord) throws -> Vote {
        guard let method = MemberKey.Method(rawValue: vote.keyMethod) else { throw StoreError.corruptRow("key method \(vote.keyMethod)") }
        return Vote(member: vote.member, kind: vote.kind, receivedAt: vote.receivedAt, keyMethod: method, stepUpVerified: vote.stepUp)
    }

    static func memberKey(_ key: KeyRecord) throws -> MemberKey {
        guard let jwk = try? JWK(json: Array(key.jwk.utf8)), let method = MemberKey.Method(rawValue: key.method) else {
            throw StoreError.corruptRow("key \(key.kid)")
        }
        return MemberKey(jwk: jwk, member: key.member.rawValue, method: method, validFrom: key.validFrom, revokedAt: key.revokedAt)
    }

    static func evidenceKey(_ key: KeyRecord) throws -> EvidenceKey {
        guard let attestation = try? JSONParser().parse(Array(key.attestation.utf8)) else { throw StoreError.corruptRow("attestation of \(key.kid)") }
        return EvidenceKey(key: try memberKey(key), attestation: attestation)
    }
}

