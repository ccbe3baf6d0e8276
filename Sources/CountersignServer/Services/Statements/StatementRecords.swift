import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignStore
import CountersignWebAuthn
import Foundation

/// Turning stored rows back into the domain's values. A row that does not decode is corruption,
/// reported as such rather than skipped.
///
/// A statement's document and a key's JWK never change once stored, and every vote needs both
/// decoded: each is decoded once and kept (`BoundedCache`), keyed by its id together with its
/// exact stored text, so a kept value always matches the row it stands for.
enum StatementRecords {
    /// A statement as decoded from its stored document.
    private struct ParsedStatement: Sendable {
        let document: [UInt8]
        let statement: Statement
    }

    private static let statements = BoundedCache<StatementID, ParsedStatement>(limit: 1024)
    private static let jwks = BoundedCache<String, JWK>(limit: 4096)

    /// A statement's policy compiled against the directory of one version token.
    private struct CompiledKey: Hashable, Sendable {
        let statement: StatementID
        let document: [UInt8]
        let directoryVersion: Int64
    }

    private static let compiledPolicies = BoundedCache<CompiledKey, CompiledPolicy>(limit: 512)
    /// The directory of each recent version token, built once for every statement compiled
    /// against it. A token is a random number that any change to the directory replaces.
    private static let directories = BoundedCache<Int64, MemberDirectory>(limit: 8)

    /// The statement's policy compiled against `members`, the directory read under
    /// `directoryVersion` (`VoteLock`); compiled once per statement and directory version, against
    /// a directory built once per version.
    static func compiled(
        _ statement: Statement, record: StatementRecord, members: [MemberRecord], directoryVersion: Int64?
    ) -> CompiledPolicy {
        guard let directoryVersion else { return statement.compiled(members: members.map(\.member)) }
        let key = CompiledKey(statement: record.id, document: record.document, directoryVersion: directoryVersion)
        return compiledPolicies.value(for: key) {
            let directory = directories.value(for: directoryVersion) { MemberDirectory(members.map(\.member)) }
            return statement.compiled(directory: directory)
        }
    }

    static func statement(_ record: StatementRecord) throws -> Statement {
        if let kept = statements.value(for: record.id), kept.document == record.document { return kept.statement }
        let statement: Statement
        do {
            statement = try Statement(canonicalBytes: record.document)
        } catch {
            throw StoreError.corruptRow("statement \(record.id): \(error)")
        }
        statements.store(ParsedStatement(document: record.document, statement: statement), for: record.id)
        return statement
    }

    /// The statement decoded earlier from the document stored under `id`, if it is still kept,
    /// with that document: whoever relies on it before reading the row compares the document
    /// once the row is read (`VoteService`).
    static func keptStatement(_ id: StatementID) -> (statement: Statement, document: [UInt8])? {
        statements.value(for: id).map { ($0.statement, $0.document) }
    }

    /// The key's JWK, decoded once per distinct stored text.
    static func jwk(_ key: KeyRecord) throws -> JWK {
        if let kept = jwks.value(for: key.jwk) { return kept }
        guard let jwk = try? JWK(json: Array(key.jwk.utf8)) else { throw StoreError.corruptRow("key \(key.kid)") }
        jwks.store(jwk, for: key.jwk)
        return jwk
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
        guard let method = MemberKey.Method(rawValue: key.method) else { throw StoreError.corruptRow("key \(key.kid)") }
        return MemberKey(jwk: try jwk(key), member: key.member.rawValue, method: method, validFrom: key.validFrom, revokedAt: key.revokedAt)
    }

    static func evidenceKey(_ key: KeyRecord) throws -> EvidenceKey {
        guard let attestation = try? JSONParser().parse(Array(key.attestation.utf8)) else { throw StoreError.corruptRow("attestation of \(key.kid)") }
        return EvidenceKey(key: try memberKey(key), attestation: attestation)
    }
}

