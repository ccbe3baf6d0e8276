import SwiftASN1
import X509

/// Declares critical extensions that a format verified on the leaf, so that the `Verifier` does not
/// refuse the leaf for them, and refuses any other certificate of the path that marks one of them
/// critical (the format checked them on the leaf only).
struct LeafOnlyCriticalExtensionsPolicy: VerifierPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier]

    func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) -> PolicyEvaluationResult {
        for certificate in chain.dropFirst() {
            for ext in certificate.extensions where ext.critical && verifyingCriticalExtensions.contains(ext.oid) {
                return .failsToMeetPolicy(reason: "attestation: critical extension \(ext.oid) is only understood on the leaf certificate")
            }
        }
        return .meetsPolicy
    }
}
