import CountersignJSON
import CountersignWebAuthn
import Foundation

extension KeyAttestationRecord {
    /// What offline verification of a record established.
    public enum Status: Sendable, Hashable {
        /// The proof verified.
        case verified
        /// The proof could not be checked; the reason says why (an admin token without the ADMIN_KEY).
        case notChecked(String)
    }

    /// Verifies the record offline.
    ///
    /// A passkey record: the challenge is recomputed from the member, the key's thumbprint and the
    /// nonce, then the assertion is checked by `RelyingParty.verifyAssertion` for a relying party of
    /// exactly the record's rpId and origin, with the passkey's COSE key: clientData type
    /// webauthn.get, the challenge, the origin, rpIdHash = SHA-256(rpId), UP and UV set, and the
    /// signature over authenticatorData || SHA-256(clientDataJSON).
    ///
    /// An admin-token record verifies only with `adminKey` (the token is an HMAC); without it the
    /// result is `.notChecked`, never `.verified`.
    public func verify(adminKey: [UInt8]? = nil) throws(KeyAttestationError) -> Status {
        switch proof {
        case .adminToken(let token, let enrolledAt):
            guard let adminKey else { return .notChecked("not checked (no admin key)") }
            do {
                _ = try UserToken.verifyEnrolment(token, adminKey: adminKey, member: member, key: jwk, enrolledAt: enrolledAt)
            } catch {
                throw .userToken(error)
            }
            return .verified
        case .passkey(let assertion):
            try verify(assertion)
            return .verified
        }
    }

    private func verify(_ assertion: PasskeyAssertion) throws(KeyAttestationError) {
        do throws(WebAuthnError) {
            // The origin must be written exactly as browsers serialise it, so that the record
            // shows the origin that is compared with clientDataJSON.
            guard try WebAuthnOrigin(assertion.origin).serialized == assertion.origin else {
                throw WebAuthnError(.originNotAllowed, "origin \(assertion.origin) is not in its serialised form")
            }
            let relyingParty = try RelyingParty(id: assertion.rpID, name: assertion.rpID, origins: [assertion.origin])
            let passkey = try COSEKey(bytes: assertion.passkeyPublicKey)
            // Backup eligibility is what the authenticator reports; the record has no registration
            // to compare it with. The counter is not checked: one assertion has nothing to grow from.
            let authenticatorData = try AuthenticatorData(bytes: assertion.authenticatorData)
            let credential = CredentialRecord(
                id: assertion.credentialID, publicKey: passkey, signCount: 0,
                backupEligible: authenticatorData.flags.contains(.backupEligible))
            let credentialID = JSONValue.string(Base64URL.encode(assertion.credentialID))
            let response = try AuthenticationResponseJSON(.object([
                "id": credentialID, "rawId": credentialID, "type": "public-key",
                "response": .object([
                    "clientDataJSON": .string(Base64URL.encode(assertion.clientDataJSON)),
                    "authenticatorData": .string(Base64URL.encode(assertion.authenticatorData)),
                    "signature": .string(Base64URL.encode(assertion.signature)),
                ]),
            ]))
            _ = try relyingParty.verifyAssertion(
                response: response, challenge: challenge(nonce: assertion.nonce).challenge, credential: credential,
                userVerification: .required)
        } catch {
            throw .assertion(error)
        }
    }
}
