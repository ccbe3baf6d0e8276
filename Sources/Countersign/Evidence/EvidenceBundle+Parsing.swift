import CountersignJOSE
import CountersignJSON
import Foundation

extension EvidenceBundle {
    /// Bounds on bundle text: a 1 MiB statement, its envelopes and keys fit well within 16 MiB;
    /// statement content nests 64 deep inside the bundle's two levels.
    public static let limits = JSONParser.Limits(maxBytes: 16 << 20, maxDepth: Statement.maximumContentDepth + 8)

    static let fields: Set<String> = [
        "countersign", "statement", "approvals", "rejections", "members", "keys", "votes", "status", "receipt", "serverKey",
    ]

    /// Parses bundle text strictly: I-JSON within `limits`, exactly the members of evidence/v1
    /// (with "votes" and each key's "validFrom"), or of evidence/v2 (the same and "log"), a valid statement document, General JWS envelopes,
    /// public JWKs. Whether it verifies is `verify`'s question.
    public init(json bytes: some Collection<UInt8>) throws(EvidenceBundleError) {
        let value: JSONValue
        do { value = try JSONParser(limits: Self.limits).parse(bytes) } catch { throw .notJSON("\(error)") }
        try self.init(json: value)
    }

    /// Reads a parsed bundle strictly (see `init(json:)` for text).
    public init(json value: JSONValue) throws(EvidenceBundleError) {
        guard let object = value.objectValue else { throw .malformed(path: "", reason: "must be a JSON object") }
        let format = object["countersign"]?.stringValue
        guard format == Self.formatV1 || format == Self.formatV2 else {
            throw .unsupportedFormat(JCS.string(object["countersign"] ?? .null))
        }
        for name in object.keys where !Self.fields.contains(name) && name != "passkeys" && name != "rejectionsWithReason" && !(name == "log" && format == Self.formatV2) {
            throw .malformed(path: name, reason: "unknown member")
        }
        for name in Self.fields.sorted() where object[name] == nil { throw .malformed(path: name, reason: "missing") }
        let log = format == Self.formatV2 ? try EvidenceLog(json: object["log"]) : nil
        let statement: Statement
        do { statement = try Statement(document: object["statement"] ?? .null) } catch {
            throw .malformed(path: "statement", reason: "\(error) [\(error.code)]")
        }
        let approvals = try Self.envelope(object["approvals"], path: "approvals")
        let rejections = object["rejections"] == .null ? nil : try Self.envelope(object["rejections"], path: "rejections")
        let members = try Self.members(object["members"])
        let keys = try Self.list(object["keys"], path: "keys", Self.key)
        let votes = try Self.list(object["votes"], path: "votes", Self.vote)
        let status = try Self.status(object["status"])
        guard let receipt = object["receipt"]?.stringValue else { throw .malformed(path: "receipt", reason: "must be a compact JWS string") }
        let serverKey: JWK
        do { serverKey = try KeyAttestationRecord.publicKey(object["serverKey"]) } catch {
            throw .malformed(path: "serverKey", reason: "\(error)")
        }
        let passkeys = object["passkeys"] == nil ? [] : try Self.list(object["passkeys"], path: "passkeys") { (entry, path) throws(EvidenceBundleError) in
            try EvidencePasskey(json: entry, path: path)
        }
        let reasoned = try Self.reasonedRejections(object["rejectionsWithReason"])
        self.init(
            statement: statement, approvals: approvals, rejections: rejections, members: members, keys: keys, votes: votes,
            status: status, receipt: receipt, serverKey: serverKey, passkeys: passkeys, log: log, reasonedRejections: reasoned)
    }

    /// "rejectionsWithReason" (optional): flattened JWS objects, one signature each; at most as
    /// many as a bundle can have votes. Whether each payload is this statement's `rejection/v2`
    /// is `verify`'s question.
    private static func reasonedRejections(_ value: JSONValue?) throws(EvidenceBundleError) -> [JWS] {
        guard let value else { return [] }
        guard let elements = value.arrayValue, !elements.isEmpty else {
            throw .malformed(path: "rejectionsWithReason", reason: "must be a non-empty array when present")
        }
        var result: [JWS] = []
        for (index, element) in elements.enumerated() {
            let path = "rejectionsWithReason[\(index)]"
            guard let object = element.objectValue, object["signatures"] == nil else {
                throw .malformed(path: path, reason: "must be a flattened JWS object")
            }
            do { result.append(try JWS(json: JCS.canonicalize(.object(object)))) } catch {
                throw .malformed(path: path, reason: "\(error)")
            }
        }
        return result
    }

    private static func envelope(_ value: JSONValue?, path: String) throws(EvidenceBundleError) -> JWS {
        guard let object = value?.objectValue else { throw .malformed(path: path, reason: "must be a General JWS object") }
        // An envelope nobody signed yet has an empty "signatures" list, which RFC 7515 parsers refuse.
        if object.count == 2, object["signatures"] == .array([]), let payload = object["payload"]?.stringValue {
            guard let bytes = try? Base64URL.decode(payload) else { throw .malformed(path: path, reason: "payload is not base64url") }
            return JWS(payload: bytes)
        }
        guard object["signatures"] != nil else { throw .malformed(path: path, reason: "must use the General JSON serialization") }
        do { return try JWS(json: JCS.canonicalize(.object(object))) } catch {
            throw .malformed(path: path, reason: "\(error)")
        }
    }

    private static func members(_ value: JSONValue?) throws(EvidenceBundleError) -> [Member] {
        guard let elements = value?.arrayValue else { throw .malformed(path: "members", reason: "must be an array") }
        var members: [Member] = []
        var seen: Set<MemberID> = []
        for (index, element) in elements.enumerated() {
            let member: Member
            do { member = try Member(json: element, index: index) } catch { throw .malformed(path: "members", reason: "\(error)") }
            guard seen.insert(member.id).inserted else { throw .malformed(path: "members[\(index)]", reason: "\(member.id) is listed twice") }
            members.append(member)
        }
        return members
    }

    private static func list<T>(
        _ value: JSONValue?, path: String, _ read: (JSONObject, String) throws(EvidenceBundleError) -> T
    ) throws(EvidenceBundleError) -> [T] {
        guard let elements = value?.arrayValue else { throw .malformed(path: path, reason: "must be an array") }
        var items: [T] = []
        for (index, element) in elements.enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard let object = element.objectValue else { throw .malformed(path: itemPath, reason: "must be an object") }
            items.append(try read(object, itemPath))
        }
        return items
    }

    private static func key(_ object: JSONObject, path: String) throws(EvidenceBundleError) -> EvidenceKey {
        try exactly(["jwk", "member", "attestation", "validFrom", "revokedAt"], in: object, path: path)
        let jwk: JWK
        do { jwk = try KeyAttestationRecord.publicKey(object["jwk"]) } catch { throw .malformed(path: path + ".jwk", reason: "\(error)") }
        let member = try string(object, "member", path: path)
        let validFrom = try time(object, "validFrom", path: path)
        let revokedAt = object["revokedAt"] == .null ? nil : try time(object, "revokedAt", path: path)
        guard let attestation = object["attestation"], attestation.objectValue != nil else {
            throw .malformed(path: path + ".attestation", reason: "must be a key attestation record object")
        }
        // The method is the attestation's: an admin-token record carries "method".
        let method: MemberKey.Method = attestation.objectValue?["method"] == nil ? .passkey : .adminToken
        let key = MemberKey(jwk: jwk, member: member, method: method, validFrom: validFrom, revokedAt: revokedAt)
        return EvidenceKey(key: key, attestation: attestation)
    }

    private static func vote(_ object: JSONObject, path: String) throws(EvidenceBundleError) -> EvidenceVote {
        try exactly(["member", "kind", "kid", "receivedAt", "signature"], in: object, path: path)
        guard let kind = object["kind"]?.stringValue.flatMap(VoteKind.init(rawValue:)) else {
            throw .malformed(path: path + ".kind", reason: "must be \"approve\" or \"reject\"")
        }
        return EvidenceVote(
            member: try string(object, "member", path: path), kind: kind, kid: try string(object, "kid", path: path),
            receivedAt: try time(object, "receivedAt", path: path), signature: try string(object, "signature", path: path))
    }

    private static func status(_ value: JSONValue?) throws(EvidenceBundleError) -> EvidenceStatus {
        guard let object = value?.objectValue else { throw .malformed(path: "status", reason: "must be an object") }
        try exactly(["state", "weight", "threshold", "decidedAt"], in: object, path: "status")
        guard let state = object["state"]?.stringValue.flatMap(StatementState.init(rawValue:)) else {
            throw .malformed(path: "status.state", reason: "must be a statement state")
        }
        guard let weight = object["weight"]?.integerValue, let threshold = object["threshold"]?.integerValue,
              let weightValue = Int(exactly: weight), let thresholdValue = Int(exactly: threshold) else {
            throw .malformed(path: "status", reason: "weight and threshold must be integers")
        }
        let decidedAt = object["decidedAt"] == .null ? nil : try time(object, "decidedAt", path: "status")
        return EvidenceStatus(state: state, weight: weightValue, threshold: thresholdValue, decidedAt: decidedAt)
    }

    private static func exactly(_ names: Set<String>, in object: JSONObject, path: String) throws(EvidenceBundleError) {
        for name in object.keys where !names.contains(name) { throw .malformed(path: "\(path).\(name)", reason: "unknown member") }
        for name in names.sorted() where object[name] == nil { throw .malformed(path: "\(path).\(name)", reason: "missing") }
    }

    private static func string(_ object: JSONObject, _ name: String, path: String) throws(EvidenceBundleError) -> String {
        guard let text = object[name]?.stringValue else { throw .malformed(path: "\(path).\(name)", reason: "must be a string") }
        return text
    }

    private static func time(_ object: JSONObject, _ name: String, path: String) throws(EvidenceBundleError) -> Date {
        guard let text = object[name]?.stringValue, let date = Timestamp.parse(text) else {
            throw .malformed(path: "\(path).\(name)", reason: "must be an RFC 3339 time")
        }
        return date
    }
}
