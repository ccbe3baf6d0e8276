import Foundation
import SwiftASN1
// The fixed validation time is what makes `now` (the ceremony's instant, pinned in tests and
// replays) the instant at which validity is judged, as the package's deprecation notes direct.
@_spi(FixedExpiryValidationTime) import X509

/// Decides whether an attestation's x5c path reaches a configured trust anchor.
///
/// Chain validation happens only when the relying party configured anchors for the format: with
/// none, the statement is verified cryptographically and reported with `chainsToTrustAnchor`
/// false, so that the caller's attestation policy decides what an untrusted attestation is worth.
/// With anchors, failing to reach one is an error: the relying party asked for trust and did not
/// get it.
///
/// Path building and RFC 5280 checks (validity at `now`, basic constraints, name constraints,
/// signatures) are swift-certificates' `Verifier`. The x5c order is not trusted: the leaf is the
/// first certificate and the rest are only candidate intermediates, so a path never "ends" at the
/// last x5c entry unless that entry is itself an anchor.
enum AttestationTrust {
    /// True if `path` (leaf first) chains to one of `input.trustAnchors` at `input.now`; false if no
    /// anchors are configured; throws `attestation_not_trusted` otherwise.
    ///
    /// - Parameter leafCriticalExtensions: critical extensions the format itself has checked on the
    ///   leaf (the TPM subject alternative name, for instance); they are accepted on the leaf only.
    static func evaluate(
        _ path: [Certificate], input: AttestationInput, format: String,
        leafCriticalExtensions: [ASN1ObjectIdentifier] = []
    ) async throws(WebAuthnError) -> Bool {
        guard !input.trustAnchors.isEmpty else { return false }
        guard let leaf = path.first else {
            throw WebAuthnError(.attestationStatementMalformed, "\(format) attestation has no certificate to validate")
        }
        // An anchor may be the attestation certificate itself: FIDO metadata lists some U2F batch
        // certificates directly as their "root". RFC 5280 path validation would refuse it (it is
        // not a CA), so an exact match is trusted directly, within its validity period.
        if input.trustAnchors.contains(leaf) {
            guard leaf.notValidBefore <= input.now, input.now <= leaf.notValidAfter else {
                throw WebAuthnError(.attestationNotTrusted, "\(format) attestation certificate is a configured anchor but is not valid at \(input.now)")
            }
            return true
        }
        var verifier = Verifier(rootCertificates: CertificateStore(input.trustAnchors)) {
            RFC5280Policy(fixedExpiryValidationTime: input.now)
            LeafOnlyCriticalExtensionsPolicy(verifyingCriticalExtensions: leafCriticalExtensions)
        }
        let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore(path.dropFirst()))
        switch result {
        case .validCertificate:
            return true
        case .couldNotValidate(let failures):
            // The reasons name whole certificates; three, each cut short, say enough.
            let reasons = failures.prefix(3).map { String($0.policyFailureReason.description.prefix(300)) }
            let detail = reasons.isEmpty ? "no path from the leaf to a configured trust anchor" : reasons.joined(separator: "; ")
            throw WebAuthnError(.attestationNotTrusted, "\(format) attestation does not chain to a configured trust anchor at \(input.now): \(detail)")
        }
    }
}
