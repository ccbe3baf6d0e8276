import CountersignJSON
import Crypto
import Foundation

extension Statement {
    /// The statement document (docs/policies.md, CONTRACT):
    /// `{"countersign":"statement/v1","id","title","content","creator","createdAt","expiresAt","policy"}`.
    public var documentJSON: JSONValue {
        Self.documentJSON(
            id: id, title: title, content: content, creator: creator, createdAt: createdAt, expiresAt: expiresAt, policy: policy)
    }

    /// What votes sign about this statement (its id, document bytes and digest).
    public var signedStatement: SignedStatement {
        SignedStatement(id: id.rawValue, canonicalBytes: canonicalBytes, digest: digest)
    }

    static func documentJSON(
        id: StatementID, title: String, content: JSONValue, creator: MemberID, createdAt: Date, expiresAt: Date?,
        policy: Policy
    ) -> JSONValue {
        .object([
            "countersign": .string(Countersign.statementFormat),
            "id": .string(id.rawValue),
            "title": .string(title),
            "content": content,
            "creator": .string(creator.rawValue),
            "createdAt": .string(Timestamp.format(createdAt)),
            "expiresAt": expiresAt.map { .string(Timestamp.format($0)) } ?? .null,
            "policy": policy.jsonValue,
        ])
    }

    /// base64url(SHA-256(`bytes`)): the statement digest.
    static func digest(of bytes: [UInt8]) -> String {
        Base64URL.encode(SHA256.hash(data: bytes))
    }
}
