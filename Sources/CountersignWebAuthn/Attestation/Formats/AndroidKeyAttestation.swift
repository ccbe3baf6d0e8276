import X509

/// The "android-key" attestation statement format (WebAuthn Level 3, section 8.4): Android
/// Keystore attests the credential key in a certificate chain whose leaf carries the key
/// description extension.
public struct AndroidKeyAttestation: AttestationFormat {
    /// What the relying party requires of the key's protection.
    public struct Policy: Sendable {
        /// Accept only keys that a TEE or StrongBox holds and attested: both security levels must be
        /// hardware, and origin and purpose are read from the hardware-enforced list only.
        ///
        /// Off by default, as WebAuthn's procedure reads the union of both lists. What makes a
        /// software-attested key untrustworthy is its chain: the software attestation root signs
        /// for any emulator, so a relying party that wants hardware keys configures Google's
        /// hardware attestation roots as anchors, and a software chain then fails with
        /// `attestation_not_trusted`. This option is the second lock on the same door, and also
        /// refuses a software attestation whose root the relying party trusts for other reasons.
        public var requiresHardwareAttestation: Bool

        /// A policy; each argument defaults to the choice its property documents.
        public init(requiresHardwareAttestation: Bool = false) {
            self.requiresHardwareAttestation = requiresHardwareAttestation
        }

        /// The default: WebAuthn's procedure as written.
        public static let standard = Policy()
    }

    /// The "fmt" this verifier handles: "android-key".
    public let identifier = "android-key"
    /// The relaxations this verifier applies (see `Policy`).
    public let policy: Policy

    /// A android-key verifier with `policy` (the default is `Policy.standard`).
    public init(policy: Policy = .standard) {
        self.policy = policy
    }

    /// Verifies the statement against `input`; throws the first rule it breaks.
    public func verify(_ input: AttestationInput) async throws(WebAuthnError) -> AttestationResult {
        let reader = try AttestationStatementReader(input.statement, format: identifier, allowed: ["alg", "sig", "x5c"])
        let algorithm = try reader.algorithm()
        let signature = try reader.bytes("sig")
        let path = try reader.certificates()
        let leaf = path[0]
        try AttestationSignature.verify(
            signature, over: input.authenticatorData.raw + input.clientDataHash, algorithm: algorithm, key: leaf.publicKey,
            format: identifier)
        try AttestationPublicKey.requireMatch(leaf, credentialKey: input.credential.credentialPublicKey, format: identifier)
        guard let ext = leaf.extensions[oid: AttestationObjectIdentifiers.androidKeyDescription] else {
            throw WebAuthnError(.attestationCertificateInvalid, "android-key attestation certificate lacks the key description extension 1.3.6.1.4.1.11129.2.1.17")
        }
        let description = try AndroidKeyDescription(extensionValue: Array(ext.value))
        guard description.attestationChallenge == input.clientDataHash else {
            throw WebAuthnError(.attestationNonceMismatch, "android-key attestationChallenge is not this registration's clientDataHash")
        }
        try check(description)
        let trusted = try await AttestationTrust.evaluate(path, input: input, format: identifier)
        return AttestationResult(type: .basic, trustPath: path, chainsToTrustAnchor: trusted)
    }

    /// The authorization-list rules of section 8.4.
    func check(_ description: AndroidKeyDescription) throws(WebAuthnError) {
        // A key usable by every application on the device is not bound to the RP's app or origin.
        guard !description.softwareEnforced.allApplications, !description.teeEnforced.allApplications else {
            throw WebAuthnError(.attestationKeyPropertiesRefused, "android-key attested key is usable by all applications (allApplications is present)")
        }
        if policy.requiresHardwareAttestation {
            // Both where the attestation was made and where the key lives must be hardware: a TEE
            // claim signed by software proves nothing.
            guard description.attestationSecurityLevel.isHardware, description.keymasterSecurityLevel.isHardware else {
                throw WebAuthnError(.attestationKeyPropertiesRefused, "android-key attestation or key comes from software Keystore, and the policy requires a TEE or StrongBox")
            }
        }
        let lists = policy.requiresHardwareAttestation
            ? [description.teeEnforced] : [description.teeEnforced, description.softwareEnforced]
        // Every list that states an origin must say "generated", and at least one must state it.
        let origins = lists.compactMap(\.origin)
        guard !origins.isEmpty, origins.allSatisfy({ $0 == AndroidKeyDescription.AuthorizationList.originGenerated }) else {
            throw WebAuthnError(.attestationKeyPropertiesRefused, "android-key attested key was not generated in Keystore (origin is not KM_ORIGIN_GENERATED)")
        }
        guard lists.contains(where: { $0.purposes?.contains(AndroidKeyDescription.AuthorizationList.purposeSign) == true }) else {
            throw WebAuthnError(.attestationKeyPropertiesRefused, "android-key attested key's purpose does not include KM_PURPOSE_SIGN")
        }
    }
}
