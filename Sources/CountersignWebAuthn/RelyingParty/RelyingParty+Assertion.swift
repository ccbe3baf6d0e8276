import Crypto
import Foundation

extension RelyingParty {
    /// Verifies an assertion for `ceremony` (an authentication or key attestation, not expired)
    /// with the stored credential. When the ceremony listed allowed credentials, the response must
    /// come from one of them; when it expected a user, the user handle must be that user's.
    public func verifyAssertion(
        response: AuthenticationResponseJSON, ceremony: Ceremony, credential: CredentialRecord, now: Date
    ) throws(WebAuthnError) -> VerifiedAssertion {
        try ceremony.check(purposes: [.authentication, .keyAttestation, .revocation], now: now)
        if !ceremony.allowedCredentialIDs.isEmpty && !ceremony.allowedCredentialIDs.contains(response.rawID) {
            throw WebAuthnError(.credentialIDMismatch, "the credential is not one the ceremony allowed")
        }
        if let expected = ceremony.userHandle, let expectedOwner = credential.userHandle, expected != expectedOwner {
            throw WebAuthnError(.userHandleMismatch, "the credential belongs to another user than the ceremony's")
        }
        return try verifyAssertion(
            response: response, challenge: ceremony.challenge, credential: credential,
            userVerification: ceremony.userVerification)
    }

    /// Verifies an assertion against an expected challenge (WebAuthn Level 3, section 7.2).
    ///
    /// Nothing here depends on the time: expiry belongs to the ceremony.
    public func verifyAssertion(
        response: AuthenticationResponseJSON, challenge: [UInt8], credential: CredentialRecord,
        userVerification: UserVerificationRequirement
    ) throws(WebAuthnError) -> VerifiedAssertion {
        guard response.id == response.rawID, response.rawID == credential.id else {
            throw WebAuthnError(.credentialIDMismatch, "id, rawId and the stored credential id differ")
        }
        // An empty or absent user handle identifies nobody: the credential record, found by its id,
        // already names the account. A present one must name the credential's owner.
        if let handle = response.userHandle, let owner = credential.userHandle, handle != owner {
            throw WebAuthnError(.userHandleMismatch, "the user handle is not the credential owner's")
        }
        let clientData = try CollectedClientData(bytes: response.clientDataJSON)
        try verify(clientData, type: .get, challenge: challenge)

        let authenticatorData = try AuthenticatorData(bytes: response.authenticatorData)
        guard authenticatorData.attestedCredentialData == nil else {
            throw WebAuthnError(.unexpectedAttestedCredentialData, "an assertion must not carry attested credential data (AT flag)")
        }
        let usedLegacyAppID = try checkScope(authenticatorData, appIDClaimed: response.clientExtensionResults.appID)
        try checkUser(authenticatorData.flags, userVerification: userVerification)
        let flags = CredentialFlags(authenticatorData.flags)
        guard flags.backupEligible == credential.backupEligible else {
            throw WebAuthnError(.backupEligibilityChanged, "backup eligibility (BE) is \(flags.backupEligible) but was \(credential.backupEligible) at registration")
        }

        var signed = authenticatorData.raw
        signed.append(contentsOf: clientData.hash)
        guard credential.publicKey.isValidSignature(response.signature, for: signed) else {
            throw WebAuthnError(.invalidSignature, "the assertion signature does not verify with the credential public key")
        }
        let received = authenticatorData.signCount
        try Self.checkSignCount(stored: credential.signCount, received: received)
        return VerifiedAssertion(
            credentialID: credential.id, signCount: received, flags: flags, userHandle: response.userHandle,
            clientData: clientData, authenticatorData: authenticatorData, signature: response.signature,
            extensions: response.clientExtensionResults, usedLegacyAppID: usedLegacyAppID)
    }

    /// The rpIdHash must be SHA-256 of the RP ID, or, when a legacy AppID is configured and the
    /// client reports using it, SHA-256 of that AppID. Returns whether the AppID was used.
    private func checkScope(_ authenticatorData: AuthenticatorData, appIDClaimed: Bool) throws(WebAuthnError) -> Bool {
        if authenticatorData.rpIDHash == idHash { return false }
        if appIDClaimed, let legacyAppID, authenticatorData.rpIDHash == Array(SHA256.hash(data: Array(legacyAppID.utf8))) {
            return true
        }
        throw WebAuthnError(.rpIDMismatch, "the assertion was made for another RP ID than \(id)")
    }

    /// WebAuthn §7.2 step 21: authenticators that do not count send 0 every time; otherwise the
    /// counter must grow. Shared by every ceremony that stores a counter back (login, step-up).
    public static func checkSignCount(stored: UInt32, received: UInt32) throws(WebAuthnError) {
        guard (stored == 0 && received == 0) || received > stored else {
            throw WebAuthnError(.signCountNotIncreased, "signature counter \(received) is not greater than the stored \(stored): the authenticator may have been cloned")
        }
    }
}
