import CountersignJSON

/// A credential named in excludeCredentials or allowCredentials.
public struct PublicKeyCredentialDescriptor: Sendable, Hashable {
    /// The credential id.
    public let id: [UInt8]
    /// The transports registration reported, as a hint to the client.
    public let transports: [String]

    /// A descriptor for a stored credential.
    public init(id: [UInt8], transports: [String] = []) {
        self.id = id
        self.transports = transports
    }

    /// {"type":"public-key","id": base64url[, "transports": […]]}.
    public var json: JSONValue {
        var object: JSONObject = ["type": "public-key", "id": .string(Base64URL.encode(id))]
        if !transports.isEmpty { object["transports"] = .array(transports.map { .string($0) }) }
        return .object(object)
    }
}
