/// A decoded attestationObject (WebAuthn Level 3, section 6.5): the CBOR map
/// {"fmt": text, "attStmt": map, "authData": bytes}, and nothing else.
public struct AttestationObject: Sendable {
    /// The attestation statement format identifier.
    public let format: String
    /// The attestation statement, for the format's verifier.
    public let statement: CBORMap
    /// The parsed authenticator data.
    public let authenticatorData: AuthenticatorData

    /// Decodes the CBOR strictly: the three members WebAuthn defines, with their types, and no other.
    public init(bytes: [UInt8]) throws(WebAuthnError) {
        let value: CBORValue
        do { value = try CBORDecoder().decode(bytes) } catch { throw .cbor(error, in: "attestationObject") }
        guard case .map(let map) = value else {
            throw WebAuthnError(.malformedAttestationObject, "attestationObject is not a CBOR map")
        }
        guard let format = map[text: "fmt"]?.textValue else {
            throw WebAuthnError(.malformedAttestationObject, "attestationObject lacks fmt as a text string")
        }
        guard let statement = map[text: "attStmt"]?.mapValue else {
            throw WebAuthnError(.malformedAttestationObject, "attestationObject lacks attStmt as a map")
        }
        guard let authData = map[text: "authData"]?.bytesValue else {
            throw WebAuthnError(.malformedAttestationObject, "attestationObject lacks authData as a byte string")
        }
        guard map.count == 3 else {
            throw WebAuthnError(.malformedAttestationObject, "attestationObject has members other than fmt, attStmt and authData")
        }
        self.format = format
        self.statement = statement
        self.authenticatorData = try AuthenticatorData(bytes: authData)
    }
}
