import CountersignJOSE
import Foundation

/// The stored proof that a signing key belongs to a member (docs/formats.md, CONTRACT), exported in
/// evidence bundles and at GET /api/keys/{kid}.
///
/// Either a passkey assertion over the key attestation challenge, which anyone can check offline
/// (`verify(adminKey:)`), or, for keys enrolled by the admin, the admin-signed user token, which
/// only a holder of the ADMIN_KEY can check.
public struct KeyAttestationRecord: Sendable {
    /// The member the key is attested for.
    public let member: String
    /// The attested public key; its thumbprint is the challenge's "jkt".
    public let jwk: JWK
    /// How the key was bound to the member.
    public let proof: Proof

    /// The two ways a key is bound to a member.
    public enum Proof: Sendable {
        /// A WebAuthn assertion by one of the member's passkeys.
        case passkey(PasskeyAssertion)
        /// An admin-signed user token (docs/http-signatures.md), presented at `enrolledAt`.
        case adminToken(token: String, enrolledAt: Date)
    }

    /// A passkey assertion whose challenge is `KeyAttestationChallenge(member, jkt, nonce)`.
    public struct PasskeyAssertion: Sendable, Hashable {
        /// The server's single-use nonce.
        public let nonce: String
        /// The relying party ID the passkey is scoped to.
        public let rpID: String
        /// The web origin the ceremony ran in.
        public let origin: String
        /// The passkey's credential ID.
        public let credentialID: [UInt8]
        /// The passkey's COSE_Key bytes, as registered.
        public let passkeyPublicKey: [UInt8]
        /// The authenticator data the passkey signed.
        public let authenticatorData: [UInt8]
        /// The client data JSON bytes the passkey signed (by hash).
        public let clientDataJSON: [UInt8]
        /// The signature over authenticatorData || SHA-256(clientDataJSON).
        public let signature: [UInt8]
        /// When the server accepted the attestation.
        public let attestedAt: Date

        /// An assertion as the server stored it.
        public init(
            nonce: String, rpID: String, origin: String, credentialID: [UInt8], passkeyPublicKey: [UInt8],
            authenticatorData: [UInt8], clientDataJSON: [UInt8], signature: [UInt8], attestedAt: Date
        ) {
            self.nonce = nonce
            self.rpID = rpID
            self.origin = origin
            self.credentialID = credentialID
            self.passkeyPublicKey = passkeyPublicKey
            self.authenticatorData = authenticatorData
            self.clientDataJSON = clientDataJSON
            self.signature = signature
            self.attestedAt = attestedAt
        }
    }

    /// A record; the key is kept as its public part.
    public init(member: String, jwk: JWK, proof: Proof) {
        self.member = member
        self.jwk = jwk.publicKey
        self.proof = proof
    }

    /// The challenge the passkey assertion must answer, for this member, key and `nonce`.
    public func challenge(nonce: String) -> KeyAttestationChallenge {
        KeyAttestationChallenge(member: member, jkt: jwk.thumbprint, nonce: nonce)
    }

    /// How the key was bound, in the terms of `MemberKey`.
    public var method: MemberKey.Method {
        switch proof {
        case .passkey: .passkey
        case .adminToken: .adminToken
        }
    }
}
