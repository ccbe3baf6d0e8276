import CountersignJSON
import CountersignWebAuthn

/// What `countersign webauthn inspect` found in a response: the decoded facts, and the outcome.
struct WebAuthnInspection {
    enum Ceremony: String { case registration, authentication }

    var ceremony: Ceremony
    var verified: Bool?
    var format: String?
    var attestationType: String?
    var aaguid: String?
    var credentialID: [UInt8]
    var publicKey: COSEKey?
    var flags: CredentialFlags?
    var signCount: UInt32?
    var origin: String?
    var certificateSubjects: [String] = []
    var error: WebAuthnError?

    /// Codes for input that could not be decoded at all: exit status 2 rather than 1.
    static let unreadableCodes: Set<WebAuthnError.Code> = [
        .malformedResponse, .malformedClientData, .malformedCBOR, .malformedAttestationObject, .malformedAuthenticatorData,
    ]

    /// 0 verified (or decoded without expectations), 1 refused, 2 unreadable.
    var exitStatus: Int32 {
        guard let error else { return 0 }
        return Self.unreadableCodes.contains(error.code) ? 2 : 1
    }

    /// The --json object.
    var json: JSONValue {
        func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }
        var object: JSONObject = [
            "verified": verified.map { .bool($0) } ?? .null,
            "ceremony": .string(ceremony.rawValue),
            "format": optional(format),
            "attestationType": optional(attestationType),
            "aaguid": optional(aaguid),
            "credentialId": .string(Base64URL.encode(credentialID)),
            "publicKey": optional(publicKey.map { Base64URL.encode($0.encoded) }),
            "alg": publicKey.map { .number(Double($0.algorithm.rawValue)) } ?? .null,
            "signCount": signCount.map { .number(Double($0)) } ?? .null,
            "origin": optional(origin),
            "certificates": .array(certificateSubjects.map { .string($0) }),
        ]
        object["flags"] = flags.map { flags in
            .object(["up": .bool(flags.userPresent), "uv": .bool(flags.userVerified), "be": .bool(flags.backupEligible), "bs": .bool(flags.backedUp)])
        } ?? .null
        object["error"] = error.map { .object(["code": .string($0.code.rawValue), "message": .string($0.message)]) } ?? .null
        return .object(object)
    }

    /// The human-readable lines.
    var lines: [String] {
        var lines = ["ceremony: \(ceremony.rawValue)"]
        if let format { lines.append("format: \(format)") }
        if let attestationType { lines.append("attestation type: \(attestationType)") }
        if let aaguid { lines.append("aaguid: \(aaguid)") }
        lines.append("credential id: \(Base64URL.encode(credentialID))")
        if let publicKey {
            lines.append("alg: \(publicKey.algorithm.rawValue)")
            lines.append("public key (COSE): \(Base64URL.encode(publicKey.encoded))")
        }
        if let flags {
            let names = [("UP", flags.userPresent), ("UV", flags.userVerified), ("BE", flags.backupEligible), ("BS", flags.backedUp)]
            lines.append("flags: " + names.map { "\($0.0)=\($0.1 ? 1 : 0)" }.joined(separator: " "))
        }
        if let signCount { lines.append("sign count: \(signCount)") }
        if let origin { lines.append("origin: \(origin)") }
        for subject in certificateSubjects { lines.append("certificate: \(subject)") }
        switch (verified, error) {
        case (_, let error?): lines.append("REFUSED \(error.code.rawValue): \(error.message)")
        case (true?, nil): lines.append("verified")
        default: lines.append("decoded (not verified: give --challenge, --origin and --rp-id to verify)")
        }
        return lines
    }
}
