import CountersignJSON
import CountersignWebAuthn
import Crypto

/// The step-up proof of an approval (docs/formats.md): in the signature's unprotected header,
/// "webauthn":{"credentialId","authenticatorData","clientDataJSON","signature"}, a passkey
/// assertion with user verification whose challenge is SHA-256 of that signature's JWS signing
/// input. It shows the member was present, with their passkey, for this very signature.
enum StepUpAssertion {
    /// Verifies the proof in `header` against the voting member's passkeys; returns which passkey
    /// asserted, with the counter its authenticator data carries (not checked here: offline, the
    /// stored counter is not known).
    static func verify(_ value: JSONValue, signingInput: [UInt8], passkeys: [StepUpPasskey]) throws(VoteError) -> StepUpUse {
        guard case .object(let proof) = value, proof.count == 4,
              let credentialText = proof["credentialId"]?.stringValue,
              let authenticatorData = proof["authenticatorData"]?.stringValue,
              let clientDataJSON = proof["clientDataJSON"]?.stringValue,
              let signature = proof["signature"]?.stringValue else {
            throw .stepUpInvalid("\"webauthn\" must be {\"credentialId\",\"authenticatorData\",\"clientDataJSON\",\"signature\"}")
        }
        let candidates = (try? Base64URL.decode(credentialText)).map { id in passkeys.filter { $0.credentialID == id } } ?? []
        guard let credentialID = candidates.first?.credentialID else {
            throw .stepUpInvalid("the assertion is not by one of the member's passkeys")
        }
        let response: JSONValue = .object([
            "id": .string(credentialText), "rawId": .string(credentialText), "type": "public-key",
            "response": .object([
                "clientDataJSON": .string(clientDataJSON), "authenticatorData": .string(authenticatorData),
                "signature": .string(signature),
            ]),
            "clientExtensionResults": .object(JSONObject()),
        ])
        // The same credential may be known from several sources (key attestations, a bundle's
        // passkey list) with different origins: the proof holds if any of them verifies it.
        var failure = WebAuthnError(.invalidSignature, "no passkey entry verifies the assertion")
        for passkey in candidates {
            do throws(WebAuthnError) {
                let parsed = try AuthenticationResponseJSON(response)
                let relyingParty = try RelyingParty(id: passkey.rpID, name: passkey.rpID, origins: passkey.origins)
                let flags = try AuthenticatorData(bytes: parsed.authenticatorData).flags
                // The stored counter is not known offline; the signature, flags and challenge are.
                let credential = CredentialRecord(
                    id: credentialID, publicKey: passkey.publicKey, signCount: 0,
                    backupEligible: flags.contains(.backupEligible))
                let verified = try relyingParty.verifyAssertion(
                    response: parsed, challenge: Array(SHA256.hash(data: signingInput)), credential: credential,
                    userVerification: .required)
                return StepUpUse(credentialID: credentialID, signCount: verified.signCount, backedUp: verified.flags.backedUp)
            } catch {
                failure = error
            }
        }
        throw .stepUpInvalid(failure.description)
    }
}
