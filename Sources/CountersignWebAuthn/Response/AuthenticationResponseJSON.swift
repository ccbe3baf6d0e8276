import CountersignJSON

/// An authentication response in the W3C JSON form (AuthenticationResponseJSON, what
/// `PublicKeyCredential.toJSON()` returns after navigator.credentials.get()).
///
/// Parsing checks the shape only; `RelyingParty.verifyAssertion` decides whether to believe it.
public struct AuthenticationResponseJSON: Sendable {
    /// Largest response accepted.
    public static let maxBytes = 64 * 1024

    /// "id", decoded.
    public let id: [UInt8]
    /// "rawId", decoded.
    public let rawID: [UInt8]
    /// response.clientDataJSON, decoded.
    public let clientDataJSON: [UInt8]
    /// response.authenticatorData, decoded.
    public let authenticatorData: [UInt8]
    /// response.signature, decoded.
    public let signature: [UInt8]
    /// response.userHandle, decoded; nil when absent, null or empty (Safari sends "" for
    /// credentials without a user handle, which means the same as absent).
    public let userHandle: [UInt8]?
    /// "platform" or "cross-platform", if the client said.
    public let authenticatorAttachment: String?
    /// clientExtensionResults (or the legacy member name "extensions").
    public let clientExtensionResults: ClientExtensionResults

    /// Parses the JSON bytes strictly (I-JSON).
    public init(json bytes: some Collection<UInt8>) throws(WebAuthnError) {
        try self.init(try ResponseJSON.parse(bytes, maxBytes: Self.maxBytes))
    }

    /// Reads an already parsed response.
    public init(_ value: JSONValue) throws(WebAuthnError) {
        let top = try ResponseMembers(value, path: "")
        let common = try ResponseJSON.Common(top)
        let response = try ResponseMembers(top.object["response"], path: "response")
        id = common.id
        rawID = common.rawID
        authenticatorAttachment = common.authenticatorAttachment
        clientExtensionResults = common.clientExtensionResults
        clientDataJSON = try response.bytes("clientDataJSON")
        authenticatorData = try response.bytes("authenticatorData")
        signature = try response.bytes("signature")
        let handle = try response.optionalBytes("userHandle")
        userHandle = handle?.isEmpty == false ? handle : nil
    }
}
