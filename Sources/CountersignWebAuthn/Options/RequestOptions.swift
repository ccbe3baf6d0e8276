import CountersignJSON

/// The options of an authentication, in the W3C JSON form (PublicKeyCredentialRequestOptionsJSON)
/// that `PublicKeyCredential.parseRequestOptionsFromJSON` takes unchanged.
public struct RequestOptions: Sendable {
    /// rpId.
    public let rpID: String
    /// The ceremony's challenge.
    public let challenge: [UInt8]
    /// How long the client waits, in milliseconds (the ceremony's lifetime).
    public let timeoutMilliseconds: Int
    /// Empty for a discoverable login: the authenticator offers the user's passkeys.
    public let allowCredentials: [PublicKeyCredentialDescriptor]
    /// userVerification.
    public let userVerification: UserVerificationRequirement
    /// The PRF salt to evaluate ("prf": {"eval": {"first": …}}), if any.
    public let prfSalt: [UInt8]?

    /// The options as JSON.
    public var json: JSONValue {
        var options: JSONObject = [
            "challenge": .string(Base64URL.encode(challenge)),
            "timeout": .number(Double(timeoutMilliseconds)),
            "rpId": .string(rpID),
            "allowCredentials": .array(allowCredentials.map(\.json)),
            "userVerification": .string(userVerification.rawValue),
        ]
        if let prfSalt {
            options["extensions"] = .object(["prf": .object(["eval": .object(["first": .string(Base64URL.encode(prfSalt))])])])
        }
        return .object(options)
    }

    /// The JSON as canonical (RFC 8785) bytes.
    public var jsonBytes: [UInt8] { JCS.canonicalize(json) }
}

extension RelyingParty {
    /// The request options for an authentication or key attestation ceremony; the allowed
    /// credentials are the ceremony's (none for a discoverable login).
    public func requestOptions(
        for ceremony: Ceremony, transports: [[UInt8]: [String]] = [:], prfSalt: [UInt8]? = nil
    ) -> RequestOptions {
        RequestOptions(
            rpID: id, challenge: ceremony.challenge, timeoutMilliseconds: ceremony.timeoutMilliseconds,
            allowCredentials: ceremony.allowedCredentialIDs.map { PublicKeyCredentialDescriptor(id: $0, transports: transports[$0] ?? []) },
            userVerification: ceremony.userVerification, prfSalt: prfSalt)
    }
}
