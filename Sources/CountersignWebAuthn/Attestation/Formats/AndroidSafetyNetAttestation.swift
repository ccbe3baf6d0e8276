import CountersignJOSE
import CountersignJSON
import Crypto
import Foundation
import X509
import _CryptoExtras

/// The "android-safetynet" attestation statement format (WebAuthn Level 3, section 8.5): the
/// statement is a SafetyNet attestation response, a compact JWS signed by Google's
/// attest.android.com key, whose nonce binds it to this registration.
///
/// Google shut the SafetyNet Attestation API down in 2025 and Android now sends android-key or
/// none; the format is verified so that recorded registrations and older devices still check out.
public struct AndroidSafetyNetAttestation: AttestationFormat {
    /// What the relying party requires of a SafetyNet response.
    public struct Policy: Sendable {
        /// How old the response's timestampMs may be at `now`. nil turns the freshness check off,
        /// which is only right when re-verifying a recorded registration (the source library of
        /// the SafetyNet vector does the same).
        public var maximumAge: TimeInterval?
        /// How far after `now` timestampMs may lie, for clocks that disagree.
        public var allowedClockSkew: TimeInterval
        /// Require ctsProfileMatch true (the device passed Android compatibility testing), as
        /// WebAuthn's procedure does.
        public var requiresCTSProfileMatch: Bool

        /// A policy; each argument defaults to the choice its property documents.
        public init(maximumAge: TimeInterval? = 60, allowedClockSkew: TimeInterval = 60, requiresCTSProfileMatch: Bool = true) {
            self.maximumAge = maximumAge
            self.allowedClockSkew = allowedClockSkew
            self.requiresCTSProfileMatch = requiresCTSProfileMatch
        }

        /// The default: a response at most a minute old, a minute of clock skew, CTS profile match.
        public static let standard = Policy()
    }

    /// The host SafetyNet's signing certificate is issued to.
    static let attestationHostname = "attest.android.com"
    /// The JWS algorithms a SafetyNet response may use: the asymmetric ones with certificate keys.
    static let algorithms: Set<JWSAlgorithm> = [.rs256, .rs384, .rs512, .ps256, .ps384, .ps512, .es256, .es384, .es512]

    /// The "fmt" this verifier handles: "android-safetynet".
    public let identifier = "android-safetynet"
    /// The relaxations this verifier applies (see `Policy`).
    public let policy: Policy

    /// A android-safetynet verifier with `policy` (the default is `Policy.standard`).
    public init(policy: Policy = .standard) {
        self.policy = policy
    }

    /// Verifies the statement against `input`; throws the first rule it breaks.
    public func verify(_ input: AttestationInput) async throws(WebAuthnError) -> AttestationResult {
        let reader = try AttestationStatementReader(input.statement, format: identifier, allowed: ["ver", "response"])
        guard !(try reader.text("ver")).isEmpty else {
            throw WebAuthnError(.attestationStatementMalformed, "android-safetynet attStmt ver is empty")
        }
        let jws: JWS
        do {
            jws = try JWS(compact: try reader.bytes("response"))
        } catch {
            throw WebAuthnError(.attestationStatementMalformed, "android-safetynet response is not a compact JWS: \(error)")
        }
        guard let signature = jws.signatures.first else {
            throw WebAuthnError(.attestationStatementMalformed, "android-safetynet response has no signature")
        }
        if let problem = signature.problem {
            throw WebAuthnError(.attestationStatementMalformed, "android-safetynet response header is unusable: \(problem)")
        }
        let path = try Self.certificates(signature)
        let leaf = path[0]
        try verifySignature(jws, signature, key: leaf.publicKey)
        try Self.requireHostname(leaf)
        try checkPayload(jws.payload, input: input)
        let trusted = try await AttestationTrust.evaluate(path, input: input, format: identifier)
        return AttestationResult(type: .basic, trustPath: path, chainsToTrustAnchor: trusted)
    }

    /// The x5c header: standard base64 (with padding) DER certificates, leaf first (RFC 7515 4.1.6).
    static func certificates(_ signature: JWS.Signature) throws(WebAuthnError) -> [Certificate] {
        guard let items = signature["x5c"]?.arrayValue, !items.isEmpty else {
            throw WebAuthnError(.attestationStatementMalformed, "android-safetynet response header lacks x5c")
        }
        guard items.count <= AttestationStatementReader.maxCertificates else {
            throw WebAuthnError(.attestationStatementMalformed, "android-safetynet x5c has \(items.count) certificates; at most \(AttestationStatementReader.maxCertificates) are accepted")
        }
        var certificates: [Certificate] = []
        for (index, item) in items.enumerated() {
            guard let text = item.stringValue, let der = Data(base64Encoded: text) else {
                throw WebAuthnError(.attestationStatementMalformed, "android-safetynet x5c[\(index)] is not base64")
            }
            certificates.append(try AttestationCertificates.parse(Array(der), what: "android-safetynet x5c[\(index)]"))
        }
        return certificates
    }

    private func verifySignature(_ jws: JWS, _ signature: JWS.Signature, key: Certificate.PublicKey) throws(WebAuthnError) {
        guard let name = signature.algorithmName, let algorithm = JWSAlgorithm(rawValue: name), Self.algorithms.contains(algorithm) else {
            throw WebAuthnError(.attestationAlgorithmRefused, "android-safetynet response alg \(signature.algorithmName ?? "(none)") is not accepted")
        }
        let material: KeyMaterial? =
            if let rsa = _RSA.Signing.PublicKey(key) { .rsa(rsa, private: nil) }
            else if let p256 = P256.Signing.PublicKey(key) { .p256(p256, private: nil) }
            else if let p384 = P384.Signing.PublicKey(key) { .p384(p384, private: nil) }
            else if let p521 = P521.Signing.PublicKey(key) { .p521(p521, private: nil) }
            else { nil }
        guard let material, SignaturePrimitives.verify(signature.signature, of: jws.signingInput(for: signature), algorithm: algorithm, key: material) else {
            throw WebAuthnError(.attestationSignatureInvalid, "android-safetynet response signature does not verify with the x5c leaf key")
        }
    }

    /// The leaf must be issued to attest.android.com: a DNS name of its subject alternative name,
    /// or, for a certificate without one, its common name.
    static func requireHostname(_ certificate: Certificate) throws(WebAuthnError) {
        let names: SubjectAlternativeNames?
        do { names = try certificate.extensions.subjectAlternativeNames } catch {
            throw WebAuthnError(.attestationCertificateInvalid, "android-safetynet certificate has an unreadable subject alternative name: \(error)")
        }
        let hostnames: [String]
        if let names {
            hostnames = names.compactMap { name in
                if case .dnsName(let host) = name { return host }
                return nil
            }
        } else {
            hostnames = certificate.subject.flatMap { $0 }
                .filter { $0.type == .RDNAttributeType.commonName }
                .compactMap { String($0.value) }
        }
        guard hostnames.contains(where: { $0.lowercased() == attestationHostname }) else {
            throw WebAuthnError(.attestationCertificateInvalid, "android-safetynet certificate is not issued to \(attestationHostname)")
        }
    }

    /// nonce, ctsProfileMatch and timestampMs of the JWS payload.
    private func checkPayload(_ payload: [UInt8], input: AttestationInput) throws(WebAuthnError) {
        let value: JSONValue
        do { value = try JSONParser().parse(payload) } catch {
            throw WebAuthnError(.attestationStatementMalformed, "android-safetynet payload is not JSON: \(error)")
        }
        guard let object = value.objectValue else {
            throw WebAuthnError(.attestationStatementMalformed, "android-safetynet payload is not a JSON object")
        }
        let expected = Data(SHA256.hash(data: input.authenticatorData.raw + input.clientDataHash)).base64EncodedString()
        guard object["nonce"]?.stringValue == expected else {
            throw WebAuthnError(.attestationNonceMismatch, "android-safetynet nonce is not base64(SHA-256(authenticatorData || clientDataHash))")
        }
        if policy.requiresCTSProfileMatch {
            guard object["ctsProfileMatch"]?.boolValue == true else {
                throw WebAuthnError(.attestationKeyPropertiesRefused, "android-safetynet ctsProfileMatch is not true: the device failed compatibility testing")
            }
        }
        guard let milliseconds = object["timestampMs"]?.integerValue else {
            throw WebAuthnError(.attestationStatementMalformed, "android-safetynet payload lacks an integer timestampMs")
        }
        guard let maximumAge = policy.maximumAge else { return }
        let issued = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        let age = input.now.timeIntervalSince(issued)
        guard age <= maximumAge, -age <= policy.allowedClockSkew else {
            throw WebAuthnError(.attestationResponseStale, "android-safetynet response was issued at \(issued), outside the accepted window around \(input.now)")
        }
    }
}
