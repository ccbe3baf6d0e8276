import CountersignHTTPSignatures
import CountersignJOSE
import Testing

/// The verifier's policy, one rule per test: each negative case fails only because of its rule.
@Suite("HTTP signature verifier")
struct VerifierTests {
    let verifier = HTTPSignatureVerifier()
    let now = AdminRequest.created + 10

    @Test("a signed admin request verifies and reports label, keyid, created, nonce, components")
    func adminRequest() throws {
        let message = try AdminRequest.signed()
        #expect(message.combinedValue(of: "signature-input")
            == #"sig1=("@method" "@target-uri" "content-digest");created=1700000000;keyid="admin";alg="hmac-sha256";nonce="n-0001""#)
        let result = try verifier.verify(message, now: now, resolveKey: AdminRequest.resolve)
        #expect(result.label == "sig1")
        #expect(result.keyid == "admin")
        #expect(result.algorithm == .hmacSHA256)
        #expect(result.created == AdminRequest.created)
        #expect(result.nonce == "n-0001")
        #expect(result.components == AdminRequest.components)
    }

    @Test("a tampered body no longer matches Content-Digest")
    func tamperedBody() throws {
        var message = try AdminRequest.signed()
        message.body = Array(#"{"name":"mallory","roles":["admin"]}"#.utf8)
        #expect(throws: HTTPSignatureError.contentDigestMismatch) { try verifier.verify(message, now: now, resolveKey: AdminRequest.resolve) }
    }

    @Test("a changed method breaks the signature")
    func changedMethod() throws {
        var message = try AdminRequest.signed()
        message.method = "PUT"
        #expect(throws: HTTPSignatureError.invalidSignature) { try verifier.verify(message, now: now, resolveKey: AdminRequest.resolve) }
    }

    @Test("a changed target URI breaks the signature")
    func changedTarget() throws {
        var message = try AdminRequest.signed()
        message.targetURI = try TargetURI(parsing: "https://countersign.example/api/admin/members")
        #expect(throws: HTTPSignatureError.invalidSignature) { try verifier.verify(message, now: now, resolveKey: AdminRequest.resolve) }
    }

    @Test("created older than the window is refused; at the edge it is accepted")
    func tooOld() throws {
        let message = try AdminRequest.signed()
        _ = try verifier.verify(message, now: AdminRequest.created + 300, resolveKey: AdminRequest.resolve)
        #expect(throws: HTTPSignatureError.createdTooOld(created: AdminRequest.created, now: AdminRequest.created + 301)) {
            try verifier.verify(message, now: AdminRequest.created + 301, resolveKey: AdminRequest.resolve)
        }
    }

    @Test("created in the future beyond the skew is refused; within it is accepted")
    func inFuture() throws {
        let message = try AdminRequest.signed()
        _ = try verifier.verify(message, now: AdminRequest.created - 60, resolveKey: AdminRequest.resolve)
        #expect(throws: HTTPSignatureError.createdInFuture(created: AdminRequest.created, now: AdminRequest.created - 61)) {
            try verifier.verify(message, now: AdminRequest.created - 61, resolveKey: AdminRequest.resolve)
        }
    }

    @Test("an expires that has passed is refused")
    func expired() throws {
        let message = try AdminRequest.unsigned()
        let signed = try HTTPMessageSigner.sign(
            message, components: AdminRequest.components, keyid: "admin", key: try AdminRequest.key(),
            created: AdminRequest.created, nonce: "n", expires: AdminRequest.created + 5
        ).applied(to: message)
        #expect(throws: HTTPSignatureError.expired(expires: AdminRequest.created + 5, now: now)) {
            try verifier.verify(signed, now: now, resolveKey: AdminRequest.resolve)
        }
    }

    @Test("a signature without nonce is refused")
    func missingNonce() throws {
        let message = try AdminRequest.unsigned()
        let parameters = SignatureParameters(
            components: AdminRequest.components, created: AdminRequest.created, keyid: "admin", algorithm: .hmacSHA256)
        let signed = try HTTPMessageSigner.sign(message, parameters: parameters, key: try AdminRequest.key(), label: "sig1").applied(to: message)
        #expect(throws: HTTPSignatureError.missingNonce) { try verifier.verify(signed, now: now, resolveKey: AdminRequest.resolve) }
    }

    @Test("alg naming another algorithm than the key's is refused (alg confusion)")
    func algorithmMismatch() throws {
        // A member's Ed25519 key signs and states ed25519, but the keyid resolves to the HMAC key.
        let member = try HTTPSignatureKey(jwk: try JWK.generate(for: .ed25519))
        let message = try AdminRequest.unsigned()
        let signed = try HTTPMessageSigner.sign(
            message, components: AdminRequest.components, keyid: "admin", key: member, created: AdminRequest.created, nonce: "n"
        ).applied(to: message)
        #expect(throws: HTTPSignatureError.algorithmMismatch(declared: "ed25519", key: "hmac-sha256")) {
            try verifier.verify(signed, now: now, resolveKey: AdminRequest.resolve)
        }
    }

    @Test("an unknown keyid is refused")
    func unknownKey() throws {
        let message = try AdminRequest.unsigned()
        let signed = try HTTPMessageSigner.sign(
            message, components: AdminRequest.components, keyid: "root", key: try AdminRequest.key(), created: AdminRequest.created, nonce: "n"
        ).applied(to: message)
        #expect(throws: HTTPSignatureError.unknownKey("root")) { try verifier.verify(signed, now: now, resolveKey: AdminRequest.resolve) }
    }

    @Test("a signature not covering a required component is refused")
    func missingComponent() throws {
        let message = try AdminRequest.signed(components: [.method, .contentDigest])
        #expect(throws: HTTPSignatureError.missingRequiredComponent("\"@target-uri\"")) {
            try verifier.verify(message, now: now, resolveKey: AdminRequest.resolve)
        }
    }

    @Test("content-digest is required only when there is a body")
    func contentDigestOnlyWithBody() throws {
        let get = HTTPMessage(method: "GET", targetURI: try TargetURI(parsing: "https://countersign.example/api/admin/members"))
        let signed = try HTTPMessageSigner.sign(
            get, components: [.method, .targetURI], keyid: "admin", key: try AdminRequest.key(), created: AdminRequest.created, nonce: "n"
        ).applied(to: get)
        _ = try verifier.verify(signed, now: now, resolveKey: AdminRequest.resolve)
        var withBody = signed
        withBody.body = AdminRequest.body
        #expect(throws: HTTPSignatureError.contentDigestMissing) { try verifier.verify(withBody, now: now, resolveKey: AdminRequest.resolve) }
    }

    @Test("an HMAC signature made with another secret is refused")
    func wrongSecret() throws {
        let message = try AdminRequest.unsigned()
        let forged = try HTTPMessageSigner.sign(
            message, components: AdminRequest.components, keyid: "admin", key: try AdminRequest.key(Array("another secret of enough length".utf8)),
            created: AdminRequest.created, nonce: "n"
        ).applied(to: message)
        #expect(throws: HTTPSignatureError.invalidSignature) { try verifier.verify(forged, now: now, resolveKey: AdminRequest.resolve) }
    }

    @Test("member keys: ed25519 and ecdsa-p256-sha256 sign and verify under their thumbprint", arguments: [JWSAlgorithm.ed25519, .es256])
    func memberKeys(algorithm: JWSAlgorithm) throws {
        let jwk = try JWK.generate(for: algorithm)
        let message = try AdminRequest.unsigned()
        let signed = try HTTPMessageSigner.sign(
            message, components: AdminRequest.components, keyid: jwk.thumbprint, key: try HTTPSignatureKey(jwk: jwk),
            created: AdminRequest.created, nonce: "n"
        ).applied(to: message)
        let publicKey = try HTTPSignatureKey(jwk: jwk.publicKey)
        let result = try verifier.verify(signed, now: now) { $0 == jwk.thumbprint ? publicKey : nil }
        #expect(result.keyid == jwk.thumbprint)
    }
}
