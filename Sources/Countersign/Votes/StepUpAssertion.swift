import CountersignJOSE
import CountersignWebAuthn
import Crypto

/// The step-up proof of an approval (DESIGN.md 4.4): in the signature's unprotected header,
/// "webauthn":{"credentialId","authenticatorData","clientDataJSON","signature"}, a passkey
/// assertion with user verification whose challenge is SHA-256 of that signature's JWS signing
/// input. It shows the member was present, with their passkey, for this very signature.
enum StepUpAssertion {
    /// Verifies the proof in `header` against the voting member's passkeys.
    static func verify(_ value: JSONValue, signingInput: [UInt8], passkeys: [StepUpPasskey]) throws(VoteError) {
        guard case .object(let proof) = value, proof.count == 4,
              let credentialText = proof["credentialId"]?.stringValue,
              let authenticatorData = proof["authenticatorData"]?.stringValue,
              let clientDataJSON = proof["clientDataJSON"]?.stringValue,
              let signature = proof["signature"]?.stringValue else {
            throw .stepUpInvalid("\"webauthn\" must be {\"credentialId\",\"authenticatorData\",\"clientDataJSON\",\"signature\"}")
        }
        guard let credentialID = try? Base64URL.decode(credentialText),
              let passkey = passkeys.first(where: { $0.credentialID == credentialID }) else {
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
        do throws(WebAuthnError) {
            let parsed = try AuthenticationResponseJSON(response)
            let relyingParty = try RelyingParty(id: passkey.rpID, name: passkey.rpID, origins: [passkey.origin])
            let flags = try AuthenticatorData(bytes: parsed.authenticatorData).flags
            // The stored counter is not known offline; the signature, flags and challenge are.
            let credential = CredentialRecord(
                id: credentialID, publicKey: passkey.publicKey, signCount: 0,
                backupEligible: flags.contains(.backupEligible))
            _ = try relyingParty.verifyAssertion(
                response: parsed, challenge: Array(SHA256.hash(data: signingInput)), credential: credential,
                userVerification: .required)
        } catch {
            throw .stepUpInvalid(error.description)
        }
    }
}
