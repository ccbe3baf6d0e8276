/// The two header fields a signer adds to a message.
public struct SignedFields: Sendable, Hashable {
    /// The Signature-Input field value, e.g. `sig1=("@method" …);created=…;keyid="admin";…`.
    public let signatureInput: String
    /// The Signature field value, e.g. `sig1=:BASE64:`.
    public let signature: String

    /// `message` with the Signature-Input and Signature fields added.
    public func applied(to message: HTTPMessage) -> HTTPMessage {
        message.adding("signature-input", signatureInput).adding("signature", signature)
    }
}
