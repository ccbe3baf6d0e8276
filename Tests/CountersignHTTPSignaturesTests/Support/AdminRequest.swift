import CountersignHTTPSignatures

/// A signed admin request and the keys around it, for the verifier tests.
enum AdminRequest {
    static let secret = Array("correct horse battery staple admin key".utf8)
    static let created = 1_700_000_000
    static let body = Array(#"{"name":"alice","roles":["approver"]}"#.utf8)
    static let components: [ComponentIdentifier] = [.method, .targetURI, .contentDigest]

    static func key(_ secret: [UInt8] = secret) throws -> HTTPSignatureKey {
        try HTTPSignatureKey.hmacSHA256(secret: secret)
    }

    /// The unsigned request with its Content-Digest.
    static func unsigned(method: String = "POST", uri: String = "https://countersign.example/api/admin/invitations") throws -> HTTPMessage {
        HTTPMessage(method: method, targetURI: try TargetURI(parsing: uri),
                    fields: [HTTPField(name: "Content-Type", value: "application/json")], body: body).addingContentDigest()
    }

    /// The request signed by the admin key.
    static func signed(components: [ComponentIdentifier] = components, nonce: String = "n-0001") throws -> HTTPMessage {
        let message = try unsigned()
        return try HTTPMessageSigner.sign(message, components: components, keyid: "admin", key: try key(), created: created, nonce: nonce)
            .applied(to: message)
    }

    /// The server's resolver: only "admin".
    static func resolve(_ keyid: String) -> HTTPSignatureKey? { keyid == "admin" ? try? key() : nil }
}
