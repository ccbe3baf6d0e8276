import CountersignJOSE
import CountersignJSON
import Foundation

/// One signing key of an evidence bundle: {"jwk","member","attestation","validFrom","revokedAt"}.
///
/// "validFrom" is an extension of evidence/v1 (docs/formats.md): votes count only with a key that
/// was valid when the server received them, and that needs both ends of the validity period.
public struct EvidenceKey: Sendable {
    /// The key and its validity, as vote verification uses it.
    public let key: MemberKey
    /// The key attestation record (docs/formats.md) exactly as the server exported it.
    public let attestation: JSONValue

    /// A key with its attestation record; the key's method is the record's.
    public init(key: MemberKey, attestation: JSONValue) {
        self.key = key
        self.attestation = attestation
    }

    /// The entry as JSON.
    public var jsonValue: JSONValue {
        .object([
            "jwk": .object(key.jwk.jsonObject()), "member": .string(key.member), "attestation": attestation,
            "validFrom": .string(Timestamp.format(key.validFrom)),
            "revokedAt": key.revokedAt.map { .string(Timestamp.format($0)) } ?? .null,
        ])
    }
}

/// When the server received one vote signature: {"member","kind","kid","receivedAt","signature"}.
///
/// An extension of evidence/v1 (docs/formats.md): the envelope cannot say when each vote arrived,
/// and key validity and the policy's timeline are judged at that time. "signature" is
/// `Receipt.signatureHash` of the signature it describes.
public struct EvidenceVote: Sendable, Hashable {
    /// Who the server received the vote from.
    public let member: String
    /// Approve or reject: the envelope the signature must be in.
    public let kind: VoteKind
    /// Thumbprint of the key that signed.
    public let kid: String
    /// When the server received the signature.
    public let receivedAt: Date
    /// `Receipt.signatureHash` of the signature.
    public let signature: String

    /// An entry from its parts.
    public init(member: String, kind: VoteKind, kid: String, receivedAt: Date, signature: String) {
        self.member = member
        self.kind = kind
        self.kid = kid
        self.receivedAt = receivedAt
        self.signature = signature
    }

    /// The entry for a verified vote.
    public init(_ vote: VerifiedVote) {
        self.init(
            member: vote.member, kind: vote.kind, kid: vote.kid, receivedAt: vote.receivedAt,
            signature: Receipt.signatureHash(vote.signature))
    }

    /// The entry as JSON.
    public var jsonValue: JSONValue {
        .object([
            "member": .string(member), "kind": .string(kind.rawValue), "kid": .string(kid),
            "receivedAt": .string(Timestamp.format(receivedAt)), "signature": .string(signature),
        ])
    }
}
