import Foundation
import X509

/// What kind of attestation a registration carried (WebAuthn Level 3, section 6.5.4).
public enum AttestationType: String, Sendable, Hashable {
    case none
    case `self`
    case basic
    case attCA
    case anonCA
}

/// What an attestation statement proved.
public struct AttestationResult: Sendable {
    public let type: AttestationType
    /// The certificate path the statement presented, leaf first (empty for none and self).
    public let trustPath: [Certificate]
    /// True if the path chains to one of the configured trust anchors; false if it was verified
    /// only cryptographically (no anchors configured for this format or AAGUID).
    public let chainsToTrustAnchor: Bool

    public init(type: AttestationType, trustPath: [Certificate] = [], chainsToTrustAnchor: Bool = false) {
        self.type = type
        self.trustPath = trustPath
        self.chainsToTrustAnchor = chainsToTrustAnchor
    }
}

/// Everything an attestation statement is checked against.
public struct AttestationInput: Sendable {
    /// The "attStmt" map.
    public let statement: CBORMap
    public let authenticatorData: AuthenticatorData
    /// SHA-256 of clientDataJSON.
    public let clientDataHash: [UInt8]
    /// The attested credential (from the authenticator data).
    public let credential: AuthenticatorData.AttestedCredentialData
    /// Root certificates that x5c chains may end in; empty means none are configured.
    public let trustAnchors: [Certificate]
    /// The instant at which certificate validity is judged.
    public let now: Date

    public init(
        statement: CBORMap, authenticatorData: AuthenticatorData, clientDataHash: [UInt8],
        credential: AuthenticatorData.AttestedCredentialData, trustAnchors: [Certificate], now: Date
    ) {
        self.statement = statement
        self.authenticatorData = authenticatorData
        self.clientDataHash = clientDataHash
        self.credential = credential
        self.trustAnchors = trustAnchors
        self.now = now
    }
}

/// One attestation statement format ("fmt"): verifies its statement or throws why not.
public protocol AttestationFormat: Sendable {
    /// The "fmt" identifier, e.g. "packed".
    var identifier: String { get }
    func verify(_ input: AttestationInput) async throws(WebAuthnError) -> AttestationResult
}
