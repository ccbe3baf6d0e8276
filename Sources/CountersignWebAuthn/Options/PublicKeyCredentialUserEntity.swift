import CountersignJSON

/// The user of a registration (PublicKeyCredentialUserEntity): an opaque handle and the names an
/// authenticator shows in its account picker.
public struct PublicKeyCredentialUserEntity: Sendable, Hashable {
    /// Largest user handle WebAuthn allows.
    public static let maxIDLength = 64

    /// The user handle: opaque random bytes, never personal data (it is stored on authenticators).
    public let id: [UInt8]
    /// The account name, e.g. an email address or a member name.
    public let name: String
    /// The name shown to people.
    public let displayName: String

    /// A user entity; the handle must have 1 to 64 bytes.
    public init(id: [UInt8], name: String, displayName: String) throws(WebAuthnError) {
        guard (1...Self.maxIDLength).contains(id.count) else {
            throw WebAuthnError(.invalidConfiguration, "a user handle has 1 to \(Self.maxIDLength) bytes, not \(id.count)")
        }
        self.id = id
        self.name = name
        self.displayName = displayName
    }

    /// {"id": base64url, "name", "displayName"}.
    public var json: JSONValue {
        .object(["id": .string(Base64URL.encode(id)), "name": .string(name), "displayName": .string(displayName)])
    }
}
