import Foundation

extension RelyingParty {
    /// Verifies a registration response for `ceremony` (which must be a registration and not
    /// expired) and returns the credential to store. The store must also refuse a credential id
    /// that is already registered, and consume the ceremony whatever the outcome.
    public func verifyRegistration(
        response: RegistrationResponseJSON, ceremony: Ceremony, now: Date,
        trustAnchors: AttestationTrustAnchors = AttestationTrustAnchors()
    ) async throws(WebAuthnError) -> RegisteredCredential {
        try ceremony.check(purposes: [.registration], now: now)
        return try await verifyRegistration(
            response: response, challenge: ceremony.challenge, userVerification: ceremony.userVerification,
            now: now, trustAnchors: trustAnchors)
    }

    /// Verifies a registration response against an expected challenge (WebAuthn Level 3,
    /// section 7.1). `now` is the instant at which attestation certificates must be valid.
    public func verifyRegistration(
        response: RegistrationResponseJSON, challenge: [UInt8], userVerification: UserVerificationRequirement,
        now: Date, trustAnchors: AttestationTrustAnchors = AttestationTrustAnchors()
    ) async throws(WebAuthnError) -> RegisteredCredential {
        let clientData = try CollectedClientData(bytes: response.clientDataJSON)
        try verify(clientData, type: .create, challenge: challenge)

        let attestationObject = try AttestationObject(bytes: response.attestationObject)
        let authenticatorData = attestationObject.authenticatorData
        guard authenticatorData.rpIDHash == idHash else {
            throw WebAuthnError(.rpIDMismatch, "the credential was created for another RP ID than \(id)")
        }
        try checkUser(authenticatorData.flags, userVerification: userVerification)
        guard let credential = authenticatorData.attestedCredentialData else {
            throw WebAuthnError(.unexpectedAttestedCredentialData, "the registration carries no attested credential data (AT flag)")
        }
        // The credential id that counts is the one in the authenticator data, which the
        // attestation signature covers; id and rawId are unsigned copies that WebAuthn Level 3
        // never compares with it (and a webauthn-rs vector carries a rawId of another credential).
        // They must agree with each other, as toJSON() makes them.
        guard response.id == response.rawID else {
            throw WebAuthnError(.credentialIDMismatch, "id and rawId differ")
        }
        let algorithm = credential.credentialPublicKey.algorithm
        guard allowedAlgorithms.contains(algorithm) else {
            throw WebAuthnError(.algorithmNotAllowed, "the credential uses COSE algorithm \(algorithm.rawValue), not one of \(allowedAlgorithms.map(\.rawValue))")
        }
        guard let format = attestationFormats[attestationObject.format] else {
            throw WebAuthnError(.unsupportedAttestationFormat, "attestation format \"\(attestationObject.format)\" is not supported")
        }
        let attestation = try await format.verify(AttestationInput(
            statement: attestationObject.statement, authenticatorData: authenticatorData, clientDataHash: clientData.hash,
            credential: credential, trustAnchors: trustAnchors.anchors(forFormat: attestationObject.format), now: now))
        try attestationPolicy.check(attestation, format: attestationObject.format)

        return RegisteredCredential(
            id: credential.credentialID, publicKey: credential.credentialPublicKey, signCount: authenticatorData.signCount,
            aaguid: Self.uuid(credential.aaguid), flags: CredentialFlags(authenticatorData.flags),
            attestationFormat: attestationObject.format, attestation: attestation, transports: response.transports,
            authenticatorAttachment: response.authenticatorAttachment, extensions: response.clientExtensionResults,
            clientData: clientData)
    }

    /// UP always; UV when the ceremony requires it.
    func checkUser(_ flags: AuthenticatorData.Flags, userVerification: UserVerificationRequirement) throws(WebAuthnError) {
        guard flags.contains(.userPresent) else {
            throw WebAuthnError(.userNotPresent, "the authenticator did not confirm user presence (UP flag)")
        }
        if userVerification.isRequired && !flags.contains(.userVerified) {
            throw WebAuthnError(.userNotVerified, "user verification was required and the authenticator did not verify the user (UV flag)")
        }
    }

    /// An AAGUID (16 bytes, checked by the authenticator data parser) as a UUID.
    static func uuid(_ bytes: [UInt8]) -> UUID {
        var tuple: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &tuple) { buffer in
            for (index, byte) in bytes.prefix(16).enumerated() { buffer[index] = byte }
        }
        return UUID(uuid: tuple)
    }
}
