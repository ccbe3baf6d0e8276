import CountersignJSON

extension Policy {
    /// The policy as JSON, with exactly the fields that were written (docs/policies.md). Parsing this
    /// value gives back an equal policy, and its JCS bytes equal those of the JSON it was read from.
    public var jsonValue: JSONValue {
        var object = quorum.jsonObject
        if let rejectThreshold { object["rejectThreshold"] = .number(Double(rejectThreshold)) }
        if let expiresAfter { object["expiresAfter"] = .string(expiresAfter.text) }
        if let timelock { object["timelock"] = .string(timelock.text) }
        if let stepUp { object["stepUp"] = .bool(stepUp) }
        if let allowSelfApproval { object["allowSelfApproval"] = .bool(allowSelfApproval) }
        if let keyAttestation { object["keyAttestation"] = .string(keyAttestation.rawValue) }
        return .object(object)
    }

    /// The RFC 8785 (JCS) canonical bytes of `jsonValue`.
    public var canonicalBytes: [UInt8] { JCS.canonicalize(jsonValue) }
}

extension Quorum {
    /// This level as a JSON object: threshold, signers and, when present, required.
    var jsonObject: JSONObject {
        var object: JSONObject = ["threshold": .number(Double(threshold)), "signers": .array(signers.map(\.jsonValue))]
        if let required { object["required"] = .array(required.map { .string($0.rawValue) }) }
        return object
    }
}

extension SignerEntry {
    /// The entry as written in a policy: its kind member and its weight.
    var jsonValue: JSONValue {
        let kind: JSONValue =
            switch signer {
            case .member(let member): .string(member.rawValue)
            case .role(let role): .string(role.rawValue)
            case .policy(let nested): .object(nested.jsonObject)
            case .wait(let duration): .string(duration.text)
            }
        return .object([kindName: kind, "weight": .number(Double(weight))])
    }
}
