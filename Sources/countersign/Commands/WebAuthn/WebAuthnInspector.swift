import CountersignJSON
import CountersignWebAuthn
import Foundation

/// Decodes a response step by step, recording each fact as soon as it is known, so that a
/// refused response still shows everything that could be read before the refusal.
struct WebAuthnInspector {
    let relyingParty: RelyingParty?
    let challenge: [UInt8]
    let requireUV: Bool
    let now: Date
    let trustAnchors: AttestationTrustAnchors
    let publicKey: COSEKey?
    let signCount: UInt32
    let backupEligible: Bool?

    private var userVerification: UserVerificationRequirement { requireUV ? .required : .preferred }

    func registration(_ value: JSONValue) async -> WebAuthnInspection {
        var report = WebAuthnInspection(ceremony: .registration, credentialID: [])
        do throws(WebAuthnError) {
            let response = try RegistrationResponseJSON(value)
            report.credentialID = response.rawID
            report.origin = try CollectedClientData(bytes: response.clientDataJSON).origin
            let object = try AttestationObject(bytes: response.attestationObject)
            report.format = object.format
            report.flags = CredentialFlags(object.authenticatorData.flags)
            report.signCount = object.authenticatorData.signCount
            if let credential = object.authenticatorData.attestedCredentialData {
                report.aaguid = Self.uuid(credential.aaguid)
                report.publicKey = credential.credentialPublicKey
            }
            report.certificateSubjects = object.certificateSubjects
            if let relyingParty {
                let registered = try await relyingParty.verifyRegistration(
                    response: response, challenge: challenge, userVerification: userVerification, now: now, trustAnchors: trustAnchors)
                report.attestationType = registered.attestation.type.rawValue
                report.verified = true
            } else {
                report.attestationType = try await Self.attestationType(object, response: response, now: now, anchors: trustAnchors)
            }
        } catch {
            report.error = error
            report.verified = false
        }
        return report
    }

    func authentication(_ value: JSONValue) -> WebAuthnInspection {
        var report = WebAuthnInspection(ceremony: .authentication, credentialID: [])
        report.publicKey = publicKey
        do throws(WebAuthnError) {
            let response = try AuthenticationResponseJSON(value)
            report.credentialID = response.rawID
            report.origin = try CollectedClientData(bytes: response.clientDataJSON).origin
            let authenticatorData = try AuthenticatorData(bytes: response.authenticatorData)
            report.flags = CredentialFlags(authenticatorData.flags)
            report.signCount = authenticatorData.signCount
            if let relyingParty, let publicKey {
                // The CLI knows no stored credential: the id is the response's, and BE is compared
                // only when --backup-eligible says what registration recorded.
                let record = CredentialRecord(
                    id: response.rawID, publicKey: publicKey, signCount: signCount,
                    backupEligible: backupEligible ?? authenticatorData.flags.contains(.backupEligible))
                _ = try relyingParty.verifyAssertion(response: response, challenge: challenge, credential: record, userVerification: userVerification)
                report.verified = true
            }
        } catch {
            report.error = error
            report.verified = false
        }
        return report
    }

    /// Without expectations, the statement is still checked against its own authenticator data
    /// and client data hash, which is what tells its type.
    private static func attestationType(
        _ object: AttestationObject, response: RegistrationResponseJSON, now: Date, anchors: AttestationTrustAnchors
    ) async throws(WebAuthnError) -> String {
        guard let format = AttestationFormats.builtIn.first(where: { $0.identifier == object.format }) else {
            throw WebAuthnError(.unsupportedAttestationFormat, "attestation format \"\(object.format)\" is not supported")
        }
        guard let credential = object.authenticatorData.attestedCredentialData else {
            throw WebAuthnError(.unexpectedAttestedCredentialData, "the registration carries no attested credential data (AT flag)")
        }
        let clientData = try CollectedClientData(bytes: response.clientDataJSON)
        let result = try await format.verify(AttestationInput(
            statement: object.statement, authenticatorData: object.authenticatorData, clientDataHash: clientData.hash,
            credential: credential, trustAnchors: anchors.anchors(forFormat: object.format), now: now))
        return result.type.rawValue
    }

    private static func uuid(_ bytes: [UInt8]) -> String {
        let hex = Hex.encode(bytes)
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex.dropFirst(range.lowerBound).prefix(range.count))
        }
        return parts.joined(separator: "-")
    }
}
