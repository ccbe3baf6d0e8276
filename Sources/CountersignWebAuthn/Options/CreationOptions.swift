import CountersignJSON

/// The options of a registration, in the W3C JSON form (PublicKeyCredentialCreationOptionsJSON)
/// that `PublicKeyCredential.parseCreationOptionsFromJSON` takes unchanged.
public struct CreationOptions: Sendable {
    /// rp.id.
    public let rpID: String
    /// rp.name.
    public let rpName: String
    /// The user the credential is for.
    public let user: PublicKeyCredentialUserEntity
    /// The ceremony's challenge.
    public let challenge: [UInt8]
    /// pubKeyCredParams, in order of preference.
    public let algorithms: [COSEAlgorithm]
    /// How long the client waits, in milliseconds (the ceremony's lifetime).
    public let timeoutMilliseconds: Int
    /// Credentials the user already has, so the authenticator does not make a second one.
    public let excludeCredentials: [PublicKeyCredentialDescriptor]
    /// authenticatorSelection.userVerification.
    public let userVerification: UserVerificationRequirement
    /// The attestation conveyance preference.
    public let attestation: AttestationConveyance

    /// The options as JSON. Countersign's passkeys are discoverable (residentKey "required",
    /// so login needs no user name), ask for credProps (to learn whether the credential really is
    /// discoverable) and for prf (the web app derives the key that wraps signing-key backups).
    public var json: JSONValue {
        let authenticatorSelection: JSONObject = [
            "residentKey": "required", "requireResidentKey": true,
            "userVerification": .string(userVerification.rawValue),
        ]
        let options: JSONObject = [
            "rp": .object(["id": .string(rpID), "name": .string(rpName)]),
            "user": user.json,
            "challenge": .string(Base64URL.encode(challenge)),
            "pubKeyCredParams": .array(algorithms.map { .object(["type": "public-key", "alg": .number(Double($0.rawValue))]) }),
            "timeout": .number(Double(timeoutMilliseconds)),
            "excludeCredentials": .array(excludeCredentials.map(\.json)),
            "authenticatorSelection": .object(authenticatorSelection),
            "attestation": .string(attestation.rawValue),
            "extensions": .object(["credProps": true, "prf": .object(JSONObject())]),
        ]
        return .object(options)
    }

    /// The JSON as canonical (RFC 8785) bytes.
    public var jsonBytes: [UInt8] { JCS.canonicalize(json) }
}

extension RelyingParty {
    /// The creation options for a registration ceremony: its challenge, user verification and
    /// lifetime, this relying party's algorithms.
    public func creationOptions(
        for ceremony: Ceremony, user: PublicKeyCredentialUserEntity,
        excludeCredentials: [PublicKeyCredentialDescriptor] = [], attestation: AttestationConveyance = .none
    ) -> CreationOptions {
        CreationOptions(
            rpID: id, rpName: name, user: user, challenge: ceremony.challenge, algorithms: allowedAlgorithms,
            timeoutMilliseconds: ceremony.timeoutMilliseconds, excludeCredentials: excludeCredentials,
            userVerification: ceremony.userVerification, attestation: attestation)
    }
}
