import SwiftASN1
import X509

/// Root certificates that attestation certificate paths may end in, for every format or for one.
public struct AttestationTrustAnchors: Sendable {
    /// Anchors for every attestation format.
    public var all: [Certificate]
    /// Anchors for one format ("packed", "tpm", …), in addition to `all`.
    public var byFormat: [String: [Certificate]]

    /// Anchors for every format and for particular ones.
    public init(all: [Certificate] = [], byFormat: [String: [Certificate]] = [:]) {
        self.all = all
        self.byFormat = byFormat
    }

    /// The anchors that apply to a format.
    public func anchors(forFormat format: String) -> [Certificate] {
        all + (byFormat[format] ?? [])
    }

    /// Parses every certificate of a PEM bundle (one or more "CERTIFICATE" blocks).
    public static func certificates(pem: String) throws(WebAuthnError) -> [Certificate] {
        do {
            let documents = try PEMDocument.parseMultiple(pemString: pem)
            guard !documents.isEmpty else { throw WebAuthnError(.invalidConfiguration, "no PEM certificate found") }
            return try documents.map { try Certificate(pemDocument: $0) }
        } catch let error as WebAuthnError {
            throw error
        } catch {
            throw WebAuthnError(.invalidConfiguration, "trust anchors are not PEM certificates: \(error)")
        }
    }
}
