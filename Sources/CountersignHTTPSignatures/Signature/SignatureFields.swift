import RawStructuredFieldValues

/// The signatures a message carries: its Signature-Input and Signature fields read together
/// (RFC 9421 sections 4.1 and 4.2).
///
/// Reading is strict: each field must be at most 8 KiB and a well-formed dictionary without
/// duplicate labels, every label must appear in both fields, and each signature must be a byte
/// sequence.
public struct SignatureFields: Sendable {
    /// One labelled signature.
    public struct Entry: Sendable, Hashable {
        /// The dictionary key shared by the two fields, e.g. "sig1".
        public let label: String
        /// The covered components and parameters.
        public let parameters: SignatureParameters
        /// The signature bytes.
        public let signature: [UInt8]
    }

    /// The signatures, in Signature-Input order.
    public let entries: [Entry]

    /// Reads the signatures of `message`; a message without Signature-Input has none.
    public init(message: HTTPMessage) throws(HTTPSignatureError) {
        let input = message.combinedValue(of: "signature-input")
        let signature = message.combinedValue(of: "signature")
        switch (input, signature) {
        case (nil, nil): self.init(entries: [])
        case (let input?, let signature?): try self.init(signatureInput: input, signature: signature)
        default: throw .malformedField(field: "Signature", reason: "Signature-Input and Signature must come together")
        }
    }

    /// Reads the two field values.
    public init(signatureInput: String, signature: String) throws(HTTPSignatureError) {
        let inputs = try StructuredField.dictionary(signatureInput, field: "Signature-Input")
        let values = try StructuredField.dictionary(signature, field: "Signature")
        guard inputs.count == values.count else {
            throw .malformedField(field: "Signature", reason: "the labels of Signature-Input and Signature differ")
        }
        var entries: [Entry] = []
        for (label, member) in inputs {
            guard let value = values[label] else {
                throw .malformedField(field: "Signature", reason: "no signature for label \(label)")
            }
            guard case .item(let item) = value, case .undecodedByteSequence(let encoded) = item.rfc9651BareItem,
                let bytes = Base64.decode(encoded)
            else { throw .malformedField(field: "Signature", reason: "\(label) is not a byte sequence") }
            entries.append(Entry(label: label, parameters: try SignatureParameters(member: member), signature: bytes))
        }
        self.init(entries: entries)
    }

    private init(entries: [Entry]) {
        self.entries = entries
    }

    /// The entry with `label`, or the only entry when `label` is nil.
    public func entry(label: String?) throws(HTTPSignatureError) -> Entry {
        if let label {
            guard let entry = entries.first(where: { $0.label == label }) else { throw .missingSignature("no signature labelled \(label)") }
            return entry
        }
        guard let first = entries.first else { throw .missingSignature("no Signature-Input field") }
        guard entries.count == 1 else { throw .ambiguousSignature }
        return first
    }
}
