import CountersignJSON

/// A registration response in the W3C JSON form (RegistrationResponseJSON, what
/// `PublicKeyCredential.toJSON()` returns after navigator.credentials.create()).
///
/// Parsing checks the shape only; `RelyingParty.verifyRegistration` decides whether to believe it.
public struct RegistrationResponseJSON: Sendable {
    /// Largest response accepted: an attestation object with a certificate chain, in base64url.
    public static let maxBytes = 512 * 1024

    /// "id", decoded.
    public let id: [UInt8]
    /// "rawId", decoded.
    public let rawID: [UInt8]
    /// response.clientDataJSON, decoded.
    public let clientDataJSON: [UInt8]
    /// response.attestationObject, decoded.
    public let attestationObject: [UInt8]
    /// response.transports (e.g. "internal", "hybrid", "usb"); empty if absent.
    public let transports: [String]
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
        attestationObject = try response.bytes("attestationObject")
        // Level 3 puts transports in the response; older clients and libraries put them beside it.
        if let inside = try response.optionalStrings("transports") {
            transports = inside
        } else {
            transports = try top.optionalStrings("transports") ?? []
        }
    }
}

/// What registration and authentication responses share.
enum ResponseJSON {
    static func parse(_ bytes: some Collection<UInt8>, maxBytes: Int) throws(WebAuthnError) -> JSONValue {
        do {
            return try JSONParser(limits: .init(maxBytes: maxBytes, maxDepth: 16)).parse(bytes)
        } catch {
            throw WebAuthnError(.malformedResponse, "response JSON: \(error.description)")
        }
    }

    /// The top-level members: id, rawId, type, authenticatorAttachment, clientExtensionResults.
    struct Common {
        let id: [UInt8]
        let rawID: [UInt8]
        let authenticatorAttachment: String?
        let clientExtensionResults: ClientExtensionResults

        init(_ top: ResponseMembers) throws(WebAuthnError) {
            guard try top.string("type") == "public-key" else {
                throw WebAuthnError(.malformedResponse, "type must be \"public-key\"")
            }
            rawID = try top.bytes("rawId")
            // toJSON() writes id as base64url(rawId): the same text need not be decoded twice.
            let sameText = top.object["id"]?.stringValue == top.object["rawId"]?.stringValue
            id = sameText ? rawID : try top.bytes("id")
            authenticatorAttachment = try top.optionalString("authenticatorAttachment")
            // Early clients and some libraries name the member "extensions".
            let name = top.object["clientExtensionResults"] != nil ? "clientExtensionResults" : "extensions"
            if let results = try top.optionalObject(name) {
                clientExtensionResults = try ClientExtensionResults(results, path: name)
            } else {
                clientExtensionResults = ClientExtensionResults()
            }
        }
    }
}
