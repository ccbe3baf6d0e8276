import CountersignJSON
import CountersignWebAuthn

/// A passkey a step-up in the bundle used: {"member","credentialId","publicKey","rpId","origins"}
/// ("publicKey" is the COSE_Key, base64url). An extension of evidence/v1 (docs/formats.md),
/// present only when some step-up was made with a passkey that attested none of the bundle's keys
/// (a member's second device): without it, such a step-up could not be checked offline.
///
/// Like the passkey inside a key attestation record, the entry's binding to the member rests on
/// the server's word; the transparency log is what will make it checkable.
public struct EvidencePasskey: Sendable, Hashable {
    public let member: String
    public let credentialID: [UInt8]
    /// The credential public key as its COSE_Key bytes.
    public let publicKey: [UInt8]
    public let rpID: String
    /// The origins the server accepted assertions from.
    public let origins: [String]

    public init(member: String, credentialID: [UInt8], publicKey: [UInt8], rpID: String, origins: [String]) {
        self.member = member
        self.credentialID = credentialID
        self.publicKey = publicKey
        self.rpID = rpID
        self.origins = origins
    }

    /// The entry as JSON.
    public var jsonValue: JSONValue {
        .object([
            "member": .string(member), "credentialId": .string(Base64URL.encode(credentialID)),
            "publicKey": .string(Base64URL.encode(publicKey)), "rpId": .string(rpID),
            "origins": .array(origins.map { .string($0) }),
        ])
    }

    /// Reads an entry strictly: exactly the five members, base64url bytes, a COSE key that
    /// parses, one to 16 origins.
    init(json object: JSONObject, path: String) throws(EvidenceBundleError) {
        let names: Set<String> = ["member", "credentialId", "publicKey", "rpId", "origins"]
        for name in object.keys where !names.contains(name) { throw .malformed(path: "\(path).\(name)", reason: "unknown member") }
        guard let member = object["member"]?.stringValue, let rpID = object["rpId"]?.stringValue, !rpID.isEmpty,
              let credentialText = object["credentialId"]?.stringValue, let credentialID = try? Base64URL.decode(credentialText),
              !credentialID.isEmpty, let keyText = object["publicKey"]?.stringValue, let publicKey = try? Base64URL.decode(keyText),
              (try? COSEKey(bytes: publicKey)) != nil, let originValues = object["origins"]?.arrayValue,
              (1...16).contains(originValues.count)
        else {
            throw .malformed(path: path, reason: "must be {\"member\",\"credentialId\",\"publicKey\",\"rpId\",\"origins\"} with base64url bytes and a COSE key")
        }
        var origins: [String] = []
        for value in originValues {
            guard let origin = value.stringValue else { throw .malformed(path: "\(path).origins", reason: "must be strings") }
            origins.append(origin)
        }
        self.init(member: member, credentialID: credentialID, publicKey: publicKey, rpID: rpID, origins: origins)
    }

    /// The entry as step-up verification uses it.
    var stepUpPasskey: StepUpPasskey? {
        guard let key = try? COSEKey(bytes: publicKey) else { return nil }
        return StepUpPasskey(member: member, credentialID: credentialID, publicKey: key, rpID: rpID, origins: origins)
    }
}
