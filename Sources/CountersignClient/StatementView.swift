import CountersignJSON
import Foundation

/// A statement as `GET /api/statements/{id}` shows it (docs/api.md): the frozen document, the
/// exact bytes a signer signs (`payload`), the state and the policy's explanation.
public struct StatementView: Sendable {
    /// The statement document of docs/policies.md, as JSON.
    public let document: JSONObject
    public let id: String
    public let title: String
    /// The content the creator froze (any JSON).
    public let content: JSONValue
    public let creator: String
    public let createdAt: Date
    public let expiresAt: Date?
    /// The policy JSON frozen into the document.
    public let policy: JSONValue
    /// The JCS bytes of the document: what approvals sign.
    public let payload: [UInt8]
    /// SHA-256 of `payload`, base64url.
    public let digest: String
    /// "pending", "approved", "rejected", "expired" or "cancelled".
    public let state: String
    public let weight: Int64
    public let threshold: Int64
    public let decidedAt: Date?
    /// The server's policy evaluation as JSON ("state", "explanation" with "summary", …).
    public let explanation: JSONValue
    /// The policy in words, with member names: "any 2 of Alice, Bob and Carol".
    public let policyText: String?
    public let votes: [StatementVote]
    /// The response as received, for callers that print or store it whole.
    public let json: JSONObject

    /// One line saying where the evaluation stands, from the explanation's summary.
    public var summary: String {
        explanation.objectValue?["explanation"]?.objectValue?["summary"]?.stringValue ?? "\(state), weight \(weight) of \(threshold)"
    }

    init(_ response: ResponseObject) throws(CountersignClientError) {
        json = response.object
        let document = try response.child("statement")
        self.document = document.object
        id = try document.string("id")
        title = try document.string("title")
        content = try document.value("content")
        creator = try document.string("creator")
        createdAt = try document.date("createdAt")
        expiresAt = try document.optionalDate("expiresAt")
        policy = try document.value("policy")
        payload = try response.bytes("payload")
        digest = try response.string("digest")
        state = try response.string("state")
        weight = try response.integer("weight")
        threshold = try response.integer("threshold")
        decidedAt = try response.optionalDate("decidedAt")
        explanation = try response.value("explanation")
        policyText = try response.optionalString("policyText")
        votes = try response.array("votes", StatementVote.init)
        guard JCS.canonicalize(.object(self.document)) == payload else {
            throw .invalidResponse("\(response.what): \"payload\" is not the canonical bytes of \"statement\"")
        }
    }
}

/// One vote on a statement, as the server recorded it.
public struct StatementVote: Sendable {
    public let member: String
    /// "approve" or "reject".
    public let kind: String
    /// The kid of the key that signed.
    public let kid: String
    /// "passkey" (attested by a passkey) or "admin-token" (enrolled with a user token).
    public let keyMethod: String
    public let receivedAt: Date
    public let stepUp: Bool
    /// The General JWS signature entry as submitted.
    public let signature: JSONValue
    /// A rejection's reason, signed with it (rejection/v2); nil without one.
    public let reason: String?

    init(_ response: ResponseObject) throws(CountersignClientError) {
        reason = try response.optionalString("reason")
        member = try response.string("member")
        kind = try response.string("kind")
        kid = try response.string("kid")
        keyMethod = try response.string("keyMethod")
        receivedAt = try response.date("receivedAt")
        stepUp = try response.bool("stepUp")
        signature = try response.value("signature")
    }
}
