import Foundation

/// A passkey the relying party accepted at registration: what the server stores to verify the
/// credential's assertions later, and what it records about how it was attested.
public struct RegisteredCredential: Sendable {
    /// The credential id (at most 1023 bytes).
    public let id: [UInt8]
    /// The credential public key, as a validated COSE key (`publicKey.encoded` is what to store).
    public let publicKey: COSEKey
    /// The signature counter at registration (0 for authenticators that do not count).
    public let signCount: UInt32
    /// The authenticator model's AAGUID (all zeros when the authenticator withholds it).
    public let aaguid: UUID
    /// UP, UV, BE and BS at registration. BE stays fixed for the credential's lifetime.
    public let flags: CredentialFlags
    /// The attestation statement format ("none", "packed", …).
    public let attestationFormat: String
    /// What the attestation statement proved: type, certificate path, trust anchor.
    public let attestation: AttestationResult
    /// Transports the client reported, for the allowCredentials and excludeCredentials hints.
    public let transports: [String]
    /// "platform" or "cross-platform", if the client said.
    public let authenticatorAttachment: String?
    /// The client extension outputs (credProps rk, prf enabled).
    public let extensions: ClientExtensionResults
    /// The verified client data (origin, top origin).
    public let clientData: CollectedClientData

    /// The credential's algorithm.
    public var algorithm: COSEAlgorithm { publicKey.algorithm }
    /// True if the credential may be synced to other devices (BE).
    public var backupEligible: Bool { flags.backupEligible }
    /// credProps.rk, if the client reported it.
    public var isDiscoverable: Bool? { extensions.residentKey }
    /// prf.enabled, if the client reported it.
    public var prfEnabled: Bool? { extensions.prfEnabled }
    /// largeBlob.supported, if the client reported it.
    public var largeBlobSupported: Bool? { extensions.largeBlobSupported }
}
