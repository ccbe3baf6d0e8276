import CountersignTestSupport
import Foundation
import Testing

// End-to-end WebAuthn with a real browser: Debian's chromium, driven by selenium through
// chromium-driver, with Chrome's virtual authenticator (DevTools WebAuthn domain) as a platform
// passkey with user verification, PRF and backup flags. Tests/browser/webauthn_ceremonies.py
// registers one discoverable credential per algorithm (ES256, Ed25519, RS256) on
// http://localhost:PORT and authenticates with it (allowCredentials empty, PRF evaluated); the
// responses are credential.toJSON() exactly as a browser sends them to the Countersign API.
// Here every response goes through `countersign webauthn inspect` with the challenge, origin and
// RP ID of its ceremony (and, for the assertion, the key and sign count of the registration) and
// must verify; tampered copies and wrong expectations must be refused. The facts the tests compare
// the CLI's report with (credential id, COSE key, flags, counter) are read from the authenticator
// data by this file's own small parser, not by the code under test.

@Suite(
    "WebAuthn ceremonies in chromium with a virtual authenticator",
    .enabled(if: Browser.isAvailable, Comment(rawValue: Browser.unavailableReason ?? ""))
)
struct BrowserWebAuthnTests {
    @Test("chromium completes a registration and a discoverable authentication for every algorithm")
    func browserMadeEveryCeremony() async throws {
        let run = await BrowserRun.shared.value
        try #require(run.failure == nil, "\(run.failure ?? "")")
        let manifest = try #require(run.manifest, "no ceremonies.json; driver stderr:\n\(run.stderr)")
        #expect(run.exitCode == 0, "webauthn_ceremonies.py exited \(run.exitCode):\n\(run.stderr)")
        #expect(manifest.error == nil, "\(manifest.error ?? "")")
        #expect(manifest.rpId == "localhost")
        #expect(manifest.origin?.hasPrefix("http://localhost:") == true, "origin \(manifest.origin ?? "nil")")
        #expect(manifest.browser?.version?.isEmpty == false, "the browser version was not recorded")
        #expect(manifest.ceremonies.map(\.name) == BrowserAlgorithm.allCases.map(\.rawValue))
        for ceremony in manifest.ceremonies {
            #expect(ceremony.ok, "\(ceremony.name): \(ceremony.error ?? "")")
        }
    }

    @Test(
        "registration verifies: attestation none, the one requested algorithm, UV, backup flags as configured, PRF enabled",
        arguments: BrowserAlgorithm.allCases
    )
    func registrationVerifies(algorithm: BrowserAlgorithm) async throws {
        let run = await BrowserRun.shared.value
        let (manifest, ceremony) = try run.ceremony(algorithm)
        let step = try #require(ceremony.registration)
        let responseData = try run.file(step.response)
        let response = try ResponseJSON(responseData)
        let authData = try RawAuthenticatorData(response.authenticatorData)
        let attested = try #require(authData.attested, "no attested credential data in the registration")

        // What the browser reported to the page: a discoverable credential with PRF.
        #expect(response.extension("credProps", "rk") as? Bool == true, "credProps.rk")
        #expect(response.extension("prf", "enabled") as? Bool == true, "prf.enabled")
        #expect(response.inner["publicKeyAlgorithm"] as? Int == algorithm.coseAlgorithm)

        try await TemporaryDirectory.with { dir in
            let file = try dir.write("registration.json", responseData)
            // --name=value throughout: a base64url challenge may begin with "-", which the
            // argument parser would otherwise take for an option.
            let expectations = ["--origin=\(manifest.origin ?? "")", "--rp-id=\(manifest.rpId)", "--require-uv"]

            let report = try await inspect(file, ["--challenge=\(step.challenge)"] + expectations, expecting: 0)
            #expect(report.verified == true)
            #expect(report.ceremony == "registration")
            #expect(report.format == "none")
            #expect(report.attestationType == "none")
            #expect(report.alg == algorithm.coseAlgorithm)
            #expect(report.credentialId == response.id)
            #expect(report.credentialId == IndependentBase64URL.encode(attested.credentialID))
            #expect(report.publicKey.flatMap(IndependentBase64URL.decode) == attested.cosePublicKey, "publicKey is not the COSE key from authData")
            #expect(report.aaguid.map(normalizedAAGUID) == attested.aaguid.hexString, "aaguid \(report.aaguid ?? "nil")")
            #expect(report.signCount == Int(authData.signCount))
            try expectFlags(report, ceremony)
            #expect(report.error == nil)

            // The same response against the wrong challenge, origin or RP ID.
            let otherChallenge = IndependentBase64URL.encode(Data((0..<32).map { _ in UInt8.random(in: 0...255) }))
            try await expectRefused(file, ["--challenge=\(otherChallenge)"] + expectations, "another challenge")
            try await expectRefused(
                file,
                ["--challenge=\(step.challenge)", "--origin=http://localhost:1", "--rp-id=\(manifest.rpId)", "--require-uv"],
                "another origin")
            try await expectRefused(
                file,
                ["--challenge=\(step.challenge)", "--origin=\(manifest.origin ?? "")", "--rp-id=example.com", "--require-uv"],
                "another RP ID")
        }
    }

    @Test(
        "discoverable authentication verifies with the registered COSE key and sign count: UV, backup flags, PRF result",
        arguments: BrowserAlgorithm.allCases
    )
    func authenticationVerifies(algorithm: BrowserAlgorithm) async throws {
        let run = await BrowserRun.shared.value
        let (manifest, ceremony) = try run.ceremony(algorithm)
        let registration = try #require(ceremony.registration)
        let step = try #require(ceremony.authentication)
        let registered = try RawAuthenticatorData(ResponseJSON(run.file(registration.response)).authenticatorData)
        let key = try #require(registered.attested).cosePublicKey
        let responseData = try run.file(step.response)
        let response = try ResponseJSON(responseData)
        let authData = try RawAuthenticatorData(response.authenticatorData)

        // Discoverable: the browser was given no credential ids, and the authenticator named the user.
        #expect(response.inner["userHandle"] as? String != nil, "no userHandle in a discoverable assertion")
        let prf = try #require(response.extension("prf", "results") as? [String: Any], "no prf.results")
        #expect((prf["first"] as? String).flatMap(IndependentBase64URL.decode)?.count == 32, "prf.results.first is not 32 bytes")
        #expect(authData.attested == nil)
        #expect(authData.signCount > registered.signCount, "the counter did not grow")

        try await TemporaryDirectory.with { dir in
            let file = try dir.write("authentication.json", responseData)
            let expectations = [
                "--origin=\(manifest.origin ?? "")", "--rp-id=\(manifest.rpId)", "--require-uv",
                "--sign-count=\(registered.signCount)",
            ]
            let registeredKey = ["--public-key=\(IndependentBase64URL.encode(key))"]

            let report = try await inspect(file, ["--challenge=\(step.challenge)"] + registeredKey + expectations, expecting: 0)
            #expect(report.verified == true)
            #expect(report.ceremony == "authentication")
            #expect(report.credentialId == response.id)
            #expect(report.signCount == Int(authData.signCount))
            if let alg = report.alg { #expect(alg == algorithm.coseAlgorithm) }
            try expectFlags(report, ceremony)
            #expect(report.error == nil)

            let otherChallenge = IndependentBase64URL.encode(Data((0..<32).map { _ in UInt8.random(in: 0...255) }))
            try await expectRefused(file, ["--challenge=\(otherChallenge)"] + registeredKey + expectations, "another challenge")

            let tampered = try dir.write("tampered.json", response.withSignatureByteFlipped())
            try await expectRefused(tampered, ["--challenge=\(step.challenge)"] + registeredKey + expectations, "one signature byte flipped")

            // The key of the next algorithm's credential: a verifier that ignores --public-key fails here.
            let other = algorithm.next
            let otherRegistration = try #require(try run.ceremony(other).1.registration)
            let otherAuthData = try RawAuthenticatorData(ResponseJSON(run.file(otherRegistration.response)).authenticatorData)
            let otherKey = try #require(otherAuthData.attested).cosePublicKey
            try await expectRefused(
                file, ["--challenge=\(step.challenge)", "--public-key=\(IndependentBase64URL.encode(otherKey))"] + expectations,
                "the \(other.rawValue) credential's key")
        }
    }

    // MARK: - Helpers

    /// `countersign webauthn inspect FILE ARGS --json`, expecting `exit`; the report parsed.
    private func inspect(
        _ file: String, _ arguments: [String], expecting exit: Int32, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> InspectReport {
        let result = try await CLI.run(["webauthn", "inspect", file] + arguments + ["--json"])
        try #require(
            result.exitCode == exit,
            "webauthn inspect exited \(result.exitCode), expected \(exit)\nstdout: \(result.stdout)\nstderr: \(result.stderr)",
            sourceLocation: sourceLocation)
        do {
            return try JSONDecoder().decode(InspectReport.self, from: result.stdoutData)
        } catch {
            Issue.record("webauthn inspect --json printed no report: \(error)\n\(result.stdout)", sourceLocation: sourceLocation)
            throw error
        }
    }

    /// Exit 1 with `verified: false` and an error code.
    private func expectRefused(
        _ file: String, _ arguments: [String], _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let report = try await inspect(file, arguments, expecting: 1, sourceLocation: sourceLocation)
        #expect(report.verified == false, "\(what): verified", sourceLocation: sourceLocation)
        #expect(report.error?.code.isEmpty == false, "\(what): no error code", sourceLocation: sourceLocation)
    }

    private func expectFlags(
        _ report: InspectReport, _ ceremony: CeremonyManifest.Ceremony, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let flags = try #require(report.flags, "no flags in the report", sourceLocation: sourceLocation)
        #expect(flags.up, "UP", sourceLocation: sourceLocation)
        #expect(flags.uv, "UV", sourceLocation: sourceLocation)
        #expect(flags.be == ceremony.authenticator.backupEligibility, "BE", sourceLocation: sourceLocation)
        #expect(flags.bs == ceremony.authenticator.backupState, "BS", sourceLocation: sourceLocation)
    }

    /// An AAGUID as 32 lowercase hex digits, whether printed as a UUID or as hex.
    private func normalizedAAGUID(_ text: String) -> String {
        text.replacingOccurrences(of: "-", with: "").lowercased()
    }
}

/// A credential algorithm the browser tests use, named as in webauthn_ceremonies.py.
enum BrowserAlgorithm: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case es256, ed25519, rs256

    var coseAlgorithm: Int {
        switch self {
        case .es256: -7
        case .ed25519: -8
        case .rs256: -257
        }
    }

    /// Another algorithm, for the wrong-key test.
    var next: BrowserAlgorithm {
        switch self {
        case .es256: .ed25519
        case .ed25519: .rs256
        case .rs256: .es256
        }
    }

    var testDescription: String { "\(rawValue) (COSE \(coseAlgorithm))" }
}

/// One run of webauthn_ceremonies.py per test process, its files held in memory.
struct BrowserRun: Sendable {
    var exitCode: Int32 = -1
    var stderr = ""
    var manifest: CeremonyManifest?
    var files: [String: Data] = [:]
    /// Set when the script could not be run at all.
    var failure: String?

    /// Made on first use; parameterized tests running in parallel share it (`await shared.value`).
    static let shared = Task<BrowserRun, Never> {
        do {
            return try await TemporaryDirectory.with { dir in
                let result = try await Browser.runCeremonies(into: dir.url)
                var run = BrowserRun(exitCode: result.exitCode, stderr: result.stderr)
                for name in try FileManager.default.contentsOfDirectory(atPath: dir.url.path) {
                    run.files[name] = try Data(contentsOf: dir.url.appendingPathComponent(name))
                }
                if let data = run.files["ceremonies.json"] {
                    run.manifest = try JSONDecoder().decode(CeremonyManifest.self, from: data)
                }
                return run
            }
        } catch {
            return BrowserRun(failure: "webauthn_ceremonies.py could not be run: \(error)")
        }
    }

    /// The manifest and the ceremony for `algorithm`, or a failed requirement saying why the
    /// browser did not complete it.
    func ceremony(
        _ algorithm: BrowserAlgorithm, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (CeremonyManifest, CeremonyManifest.Ceremony) {
        try #require(failure == nil, "\(failure ?? "")", sourceLocation: sourceLocation)
        let manifest = try #require(
            manifest, "webauthn_ceremonies.py exited \(exitCode) without ceremonies.json:\n\(stderr)",
            sourceLocation: sourceLocation)
        let ceremony = try #require(
            manifest.ceremonies.first { $0.name == algorithm.rawValue },
            "no \(algorithm.rawValue) ceremony: \(manifest.error ?? stderr)", sourceLocation: sourceLocation)
        try #require(
            ceremony.ok, "the browser did not complete the \(algorithm.rawValue) ceremonies: \(ceremony.error ?? "")",
            sourceLocation: sourceLocation)
        return (manifest, ceremony)
    }

    func file(_ name: String) throws -> Data {
        try #require(files[name], "webauthn_ceremonies.py wrote no \(name)")
    }
}

/// ceremonies.json, as far as the tests read it.
struct CeremonyManifest: Decodable, Sendable {
    struct BrowserInfo: Decodable, Sendable {
        let name: String?
        let version: String?
        let chromedriver: String?
    }

    struct Authenticator: Decodable, Sendable {
        let backupEligibility: Bool
        let backupState: Bool
        let isUserVerified: Bool
        let hasPrf: Bool
    }

    struct Step: Decodable, Sendable {
        let challenge: String
        /// The response's file name in the output directory.
        let response: String
    }

    struct Ceremony: Decodable, Sendable {
        let name: String
        let alg: Int
        let ok: Bool
        let error: String?
        let authenticator: Authenticator
        let registration: Step?
        let authentication: Step?
    }

    let rpId: String
    let origin: String?
    let error: String?
    let browser: BrowserInfo?
    let ceremonies: [Ceremony]
}

/// `countersign webauthn inspect --json`.
struct InspectReport: Decodable {
    struct Flags: Decodable {
        let up: Bool
        let uv: Bool
        let be: Bool
        let bs: Bool
    }

    struct Failure: Decodable {
        let code: String
        let message: String
    }

    let verified: Bool
    let ceremony: String?
    let format: String?
    let attestationType: String?
    let aaguid: String?
    let credentialId: String?
    let publicKey: String?
    let alg: Int?
    let flags: Flags?
    let signCount: Int?
    let error: Failure?
}

/// A RegistrationResponseJSON or AuthenticationResponseJSON as the browser serialised it.
struct ResponseJSON {
    let json: [String: Any]

    init(_ data: Data) throws {
        json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "response is not an object")
    }

    var id: String? { json["id"] as? String }
    var inner: [String: Any] { json["response"] as? [String: Any] ?? [:] }

    var authenticatorData: Data {
        get throws {
            try #require((inner["authenticatorData"] as? String).flatMap(IndependentBase64URL.decode), "no response.authenticatorData")
        }
    }

    /// clientExtensionResults[extension][member].
    func `extension`(_ name: String, _ member: String) -> Any? {
        ((json["clientExtensionResults"] as? [String: Any])?[name] as? [String: Any])?[member]
    }

    /// The serialised response with one byte in the middle of response.signature flipped.
    func withSignatureByteFlipped() throws -> Data {
        var inner = self.inner
        var signature = try #require((inner["signature"] as? String).flatMap(IndependentBase64URL.decode), "no signature")
        signature[signature.startIndex + signature.count / 2] ^= 0x01
        inner["signature"] = IndependentBase64URL.encode(signature)
        var json = self.json
        json["response"] = inner
        return try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
    }
}

/// Authenticator data (WebAuthn section 6.1) read just far enough to check the CLI's report:
/// flags, counter and the attested credential data. The COSE key is everything after the
/// credential id, which holds only when no extension outputs follow (the ED flag is clear, as
/// it is in Chrome's virtual authenticator responses); the parser refuses otherwise.
struct RawAuthenticatorData {
    struct Attested {
        let aaguid: Data
        let credentialID: Data
        let cosePublicKey: Data
    }

    let flags: UInt8
    let signCount: UInt32
    let attested: Attested?

    init(_ bytes: Data) throws {
        let bytes = [UInt8](bytes)
        try #require(bytes.count >= 37, "authenticator data is \(bytes.count) bytes")
        flags = bytes[32]
        signCount = bytes[33..<37].reduce(0) { $0 << 8 | UInt32($1) }
        guard flags & 0x40 != 0 else {
            try #require(bytes.count == 37 || flags & 0x80 != 0, "unexpected bytes after the authenticator data")
            attested = nil
            return
        }
        try #require(flags & 0x80 == 0, "the registration carries extension outputs; this parser cannot split them from the COSE key")
        try #require(bytes.count > 55, "attested credential data is truncated")
        let idLength = Int(bytes[53]) << 8 | Int(bytes[54])
        try #require(bytes.count > 55 + idLength, "credential id is truncated")
        attested = Attested(
            aaguid: Data(bytes[37..<53]), credentialID: Data(bytes[55..<55 + idLength]),
            cosePublicKey: Data(bytes[(55 + idLength)...]))
    }
}

extension Data {
    fileprivate var hexString: String { map { String(format: "%02x", $0) }.joined() }
}
