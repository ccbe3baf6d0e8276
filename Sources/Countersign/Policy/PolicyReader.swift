import CountersignJSON

/// Reads the JSON form of a policy into `Quorum`s and `SignerEntry`s, locating every error.
struct PolicyReader {
    static let levelFields: Set<String> = ["threshold", "signers", "required"]
    static let topLevelFields: Set<String> = [
        "rejectThreshold", "expiresAfter", "timelock", "stepUp", "allowSelfApproval", "keyAttestation",
    ]
    static let entryKinds = ["member", "role", "policy", "wait"]

    /// Entries read so far, to stop early on a policy far beyond the limit.
    private var entries = 0

    static func path(_ path: String, _ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    mutating func quorum(_ object: JSONObject, at path: String, depth: Int) throws(PolicyError) -> Quorum {
        for name in object.keys where !Self.levelFields.contains(name) {
            if Self.topLevelFields.contains(name) {
                if depth > 1 { throw .topLevelOnly(at: Self.path(path, name), name: name) }
            } else {
                throw .unknownField(at: path, name: name)
            }
        }
        guard let thresholdValue = object["threshold"] else { throw .missingField(at: path, name: "threshold") }
        let threshold = try Self.integer(thresholdValue, at: Self.path(path, "threshold"), limit: PolicyLimits.maximumThreshold) {
            .invalidThreshold(at: $0, value: $1)
        }
        guard let signersValue = object["signers"] else { throw .missingField(at: path, name: "signers") }
        guard let signerValues = signersValue.arrayValue else {
            throw .wrongType(at: Self.path(path, "signers"), expected: "an array of entries", found: signersValue.typeName)
        }
        var signers: [SignerEntry] = []
        for (index, value) in signerValues.enumerated() {
            signers.append(try entry(value, at: Self.path(path, "signers") + "[\(index)]", depth: depth))
        }
        var required: [MemberID]?
        if let requiredValue = object["required"] {
            let requiredPath = Self.path(path, "required")
            guard let values = requiredValue.arrayValue else {
                throw .wrongType(at: requiredPath, expected: "an array of member ids", found: requiredValue.typeName)
            }
            var members: [MemberID] = []
            for (index, value) in values.enumerated() {
                members.append(try Self.member(value, at: "\(requiredPath)[\(index)]"))
            }
            required = members
        }
        return Quorum(threshold: threshold, signers: signers, required: required)
    }

    mutating func entry(_ value: JSONValue, at path: String, depth: Int) throws(PolicyError) -> SignerEntry {
        entries += 1
        guard entries <= PolicyLimits.maximumEntries else { throw .tooManyEntries(limit: PolicyLimits.maximumEntries) }
        guard let object = value.objectValue else { throw .wrongType(at: path, expected: "an object", found: value.typeName) }
        for name in object.keys where name != "weight" && !Self.entryKinds.contains(name) {
            throw .unknownField(at: path, name: name)
        }
        let kinds = Self.entryKinds.filter { object[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first, let kindValue = object[kind] else { throw .entryKind(at: path, found: kinds) }
        guard let weightValue = object["weight"] else { throw .missingField(at: path, name: "weight") }
        let weight = try Self.integer(weightValue, at: Self.path(path, "weight"), limit: PolicyLimits.maximumWeight) {
            .invalidWeight(at: $0, value: $1)
        }
        let kindPath = Self.path(path, kind)
        switch kind {
        case "member":
            return .member(try Self.member(kindValue, at: kindPath), weight: weight)
        case "role":
            guard let text = kindValue.stringValue else { throw .wrongType(at: kindPath, expected: "a role name", found: kindValue.typeName) }
            do { return .role(try Role(text), weight: weight) } catch { throw .invalidIdentifier(at: kindPath, error) }
        case "wait":
            return .wait(try Self.duration(kindValue, at: kindPath), weight: weight)
        default:
            guard depth < PolicyLimits.maximumDepth else { throw .tooDeep(at: kindPath, limit: PolicyLimits.maximumDepth) }
            guard let nested = kindValue.objectValue else { throw .notAnObject(at: kindPath) }
            return .policy(try quorum(nested, at: kindPath, depth: depth + 1), weight: weight)
        }
    }

    /// A whole number from 1 to `limit`; `invalid` makes the error for other numbers.
    static func integer(
        _ value: JSONValue, at path: String, limit: Int, invalid: (String, String) -> PolicyError
    ) throws(PolicyError) -> Int {
        guard case .number = value else { throw .wrongType(at: path, expected: "a whole number", found: value.typeName) }
        guard let integer = value.integerValue, integer >= 1, integer <= limit else { throw invalid(path, JCS.string(value)) }
        return Int(integer)
    }

    static func member(_ value: JSONValue, at path: String) throws(PolicyError) -> MemberID {
        guard let text = value.stringValue else { throw .wrongType(at: path, expected: "a member id (mem_…)", found: value.typeName) }
        do { return try MemberID(text) } catch { throw .invalidIdentifier(at: path, error) }
    }

    static func duration(_ value: JSONValue, at path: String) throws(PolicyError) -> ISODuration {
        guard let text = value.stringValue else {
            throw .wrongType(at: path, expected: "an ISO 8601 duration such as \"P7D\"", found: value.typeName)
        }
        do { return try ISODuration(text) } catch { throw .invalidDuration(at: path, error) }
    }

    static func bool(_ value: JSONValue, at path: String) throws(PolicyError) -> Bool {
        guard let flag = value.boolValue else { throw .wrongType(at: path, expected: "true or false", found: value.typeName) }
        return flag
    }

    static func keyAttestation(_ value: JSONValue) throws(PolicyError) -> KeyAttestationRequirement {
        guard let text = value.stringValue else {
            throw .wrongType(at: "keyAttestation", expected: "\"any\" or \"passkey\"", found: value.typeName)
        }
        guard let requirement = KeyAttestationRequirement(rawValue: text) else {
            throw .invalidKeyAttestation(at: "keyAttestation", value: JCS.string(value))
        }
        return requirement
    }
}
