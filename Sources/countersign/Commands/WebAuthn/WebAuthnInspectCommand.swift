import ArgumentParser
import CountersignJSON
import CountersignWebAuthn
import Foundation

/// `countersign webauthn inspect`: decode a RegistrationResponseJSON or AuthenticationResponseJSON
/// and, given the expectations of a relying party, verify it.
struct WebAuthnInspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what a WebAuthn response says; verify it when given --challenge, --origin and --rp-id.",
        discussion: """
            Registrations show the attestation format and type, AAGUID, credential algorithm and key, flags, \
            sign count and attestation certificate subjects. Authentications need --public-key to be verified.
            Exit status: 0 verified (or decoded, without expectations), 1 refused, 2 unreadable input.
            """
    )

    @Argument(help: "Response JSON file (toJSON() of a PublicKeyCredential), or - for standard input.")
    var response: String

    @Option(help: "The challenge issued, base64url.")
    var challenge: String?

    @Option(name: .customLong("origin"), help: "An allowed origin (repeatable).")
    var origins: [String] = []

    @Option(name: .customLong("rp-id"), help: "The RP ID.")
    var rpID: String?

    @Option(name: .customLong("public-key"), help: "Authentication: the stored credential public key (COSE_Key, base64url).")
    var publicKey: String?

    @Option(name: .customLong("sign-count"), help: "Authentication: the stored signature counter.")
    var signCount: UInt32 = 0

    @Option(name: .customLong("backup-eligible"), help: "Authentication: the BE flag stored at registration (true|false); not compared if omitted.")
    var backupEligible: Bool?

    @Option(name: .customLong("allow-alg"), help: "Registration: allowed COSE algorithm of the credential (repeatable, e.g. --allow-alg=-7). Default: all supported but RS1.")
    var allowedAlgorithms: [Int] = []

    @Flag(name: .customLong("require-uv"), help: "Refuse a response without user verification.")
    var requireUV = false

    @Option(help: "Judge certificate validity at this RFC 3339 instant instead of now.")
    var at: String?

    @Option(name: .customLong("trust-anchors"), help: "PEM file of attestation root certificates.")
    var trustAnchors: String?

    @Flag(help: "Print the result as one JSON object.")
    var json = false

    func run() async throws {
        let now = try instant()
        let relyingParty = try expectations()
        let (value, key, anchors) = try UnreadableInput.exitingOnFailure { () throws -> (JSONValue, COSEKey?, AttestationTrustAnchors) in
            let bytes = try CommandIO.read(response)
            let value: JSONValue
            do { value = try JSONParser(limits: .init(maxBytes: RegistrationResponseJSON.maxBytes, maxDepth: 16)).parse(bytes) } catch {
                throw UnreadableInput("\(response): \(error)")
            }
            var key: COSEKey?
            if let publicKey {
                do { key = try COSEKey(bytes: try Base64URL.decode(publicKey)) } catch let error as WebAuthnError {
                    throw UnreadableInput("--public-key: \(error.description)")
                } catch {
                    throw UnreadableInput("--public-key is not base64url: \(error)")
                }
            }
            var anchors = AttestationTrustAnchors()
            if let trustAnchors {
                let text = String(decoding: try CommandIO.read(trustAnchors), as: UTF8.self)
                do { anchors.all = try AttestationTrustAnchors.certificates(pem: text) } catch {
                    throw UnreadableInput("\(trustAnchors): \(error)")
                }
            }
            return (value, key, anchors)
        }
        let isRegistration = value.objectValue?["response"]?.objectValue?["attestationObject"] != nil
        if relyingParty != nil && !isRegistration && key == nil {
            throw ValidationError("verifying an authentication needs --public-key (and --sign-count)")
        }
        let inspector = WebAuthnInspector(
            relyingParty: relyingParty, challenge: try challengeBytes(), requireUV: requireUV, now: now,
            trustAnchors: anchors, publicKey: key, signCount: signCount, backupEligible: backupEligible)
        let inspection = isRegistration ? await inspector.registration(value) : inspector.authentication(value)
        if json {
            CommandIO.printLine(JCS.canonicalize(inspection.json))
        } else {
            inspection.lines.forEach(CommandIO.printLine)
        }
        if inspection.exitStatus != 0 { throw ExitCode(inspection.exitStatus) }
    }

    /// The relying party to verify against, if --challenge was given.
    private func expectations() throws -> RelyingParty? {
        guard challenge != nil else {
            guard origins.isEmpty, rpID == nil else { throw ValidationError("--origin and --rp-id need --challenge") }
            return nil
        }
        guard let rpID, !origins.isEmpty else { throw ValidationError("--challenge needs --rp-id and at least one --origin") }
        var algorithms = COSEAlgorithm.allCases.filter { $0 != .rs1 }
        if !allowedAlgorithms.isEmpty {
            algorithms = try allowedAlgorithms.map { value in
                guard let algorithm = COSEAlgorithm(rawValue: value) else { throw ValidationError("unknown COSE algorithm \(value)") }
                return algorithm
            }
        }
        do throws(WebAuthnError) {
            var relyingParty = try RelyingParty(id: rpID, name: rpID, origins: origins)
            relyingParty.allowedAlgorithms = algorithms
            return relyingParty
        } catch {
            throw ValidationError(error.message)
        }
    }

    private func challengeBytes() throws -> [UInt8] {
        guard let challenge else { return [] }
        do { return try Base64URL.decode(challenge) } catch { throw ValidationError("--challenge is not base64url: \(error)") }
    }

    private func instant() throws -> Date {
        guard let at else { return Date() }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: at) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = formatter.date(from: at) else { throw ValidationError("--at must be an RFC 3339 instant, e.g. 2026-11-21T10:00:00Z") }
        return date
    }
}
