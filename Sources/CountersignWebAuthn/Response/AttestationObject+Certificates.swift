import X509

extension AttestationObject {
    /// The subjects of the statement's x5c certificates, leaf first (empty without x5c), for
    /// display; a certificate that does not parse is listed as "(unparseable certificate)".
    /// Whether the chain is valid is the format verifier's question, not this one's.
    public var certificateSubjects: [String] {
        guard let chain = statement[text: "x5c"]?.arrayValue else { return [] }
        return chain.map { element in
            guard let der = element.bytesValue, let certificate = try? Certificate(derEncoded: der) else {
                return "(unparseable certificate)"
            }
            return certificate.subject.description
        }
    }
}
