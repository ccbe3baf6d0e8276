import X509

/// Reads the members of one attestation statement ("attStmt") strictly: every key must be a text
/// string the format defines, every member must have its CBOR type.
///
/// Unknown members are refused rather than ignored: a statement is signed data only in part, and a
/// member that no rule reads is a place to smuggle meaning past the verifier (WebAuthn asks to
/// "verify that attStmt is valid CBOR conforming to the syntax defined above").
struct AttestationStatementReader {
    /// The most certificates an x5c may hold; real paths have at most five.
    static let maxCertificates = 16

    let statement: CBORMap
    let format: String

    /// Checks that `statement` holds only `allowed` members. An "ecdaaKeyId" member is refused as an
    /// algorithm: ECDAA was removed from WebAuthn Level 3 and no authenticator ships it.
    init(_ statement: CBORMap, format: String, allowed: Set<String>) throws(WebAuthnError) {
        for entry in statement.entries {
            guard let key = entry.key.textValue else {
                throw WebAuthnError(.attestationStatementMalformed, "\(format) attStmt has a key that is not a text string")
            }
            if key == "ecdaaKeyId" {
                throw WebAuthnError(.attestationAlgorithmRefused, "\(format) attestation with ECDAA is not supported")
            }
            guard allowed.contains(key) else {
                throw WebAuthnError(.attestationStatementMalformed, "\(format) attStmt has an unknown member \"\(key)\"")
            }
        }
        self.statement = statement
        self.format = format
    }

    /// True if the statement has member `key`.
    func contains(_ key: String) -> Bool { statement[text: key] != nil }

    /// The "alg" member as a COSE algorithm.
    func algorithm() throws(WebAuthnError) -> COSEAlgorithm {
        guard let value = statement[text: "alg"] else { throw missing("alg", "an integer") }
        guard let raw = value.intValue else { throw wrongType("alg", "an integer") }
        guard let algorithm = COSEAlgorithm(rawValue: raw) else {
            throw WebAuthnError(.unsupportedAlgorithm, "\(format) attStmt alg \(raw) is not a supported COSE algorithm")
        }
        return algorithm
    }

    /// A byte-string member.
    func bytes(_ key: String) throws(WebAuthnError) -> [UInt8] {
        guard let value = statement[text: key] else { throw missing(key, "a byte string") }
        guard let bytes = value.bytesValue else { throw wrongType(key, "a byte string") }
        return bytes
    }

    /// A text-string member.
    func text(_ key: String) throws(WebAuthnError) -> String {
        guard let value = statement[text: key] else { throw missing(key, "a text string") }
        guard let text = value.textValue else { throw wrongType(key, "a text string") }
        return text
    }

    /// The "x5c" member: a non-empty array of DER certificates, leaf first.
    func certificates() throws(WebAuthnError) -> [Certificate] {
        guard let value = statement[text: "x5c"] else { throw missing("x5c", "an array of certificates") }
        guard let items = value.arrayValue else { throw wrongType("x5c", "an array of byte strings") }
        guard !items.isEmpty else {
            throw WebAuthnError(.attestationStatementMalformed, "\(format) attStmt x5c is empty")
        }
        guard items.count <= Self.maxCertificates else {
            throw WebAuthnError(.attestationStatementMalformed, "\(format) attStmt x5c has \(items.count) certificates; at most \(Self.maxCertificates) are accepted")
        }
        var certificates: [Certificate] = []
        for (index, item) in items.enumerated() {
            guard let der = item.bytesValue else { throw wrongType("x5c[\(index)]", "a byte string") }
            certificates.append(try AttestationCertificates.parse(der, what: "\(format) x5c[\(index)]"))
        }
        return certificates
    }

    private func missing(_ key: String, _ type: String) -> WebAuthnError {
        WebAuthnError(.attestationStatementMalformed, "\(format) attStmt lacks \"\(key)\" (\(type))")
    }

    private func wrongType(_ key: String, _ type: String) -> WebAuthnError {
        WebAuthnError(.attestationStatementMalformed, "\(format) attStmt \"\(key)\" must be \(type)")
    }
}
