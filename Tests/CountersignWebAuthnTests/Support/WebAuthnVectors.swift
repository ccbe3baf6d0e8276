import CountersignJSON
import Foundation
import Testing
@testable import CountersignWebAuthn

/// The WebAuthn relying-party vectors in `<package root>/../shared/vectors/webauthn`
/// (or `$COUNTERSIGN_VECTORS/webauthn`), and how to run one through the library.
enum WebAuthnVectors {
    static let directory: URL = {
        if let override = ProcessInfo.processInfo.environment["COUNTERSIGN_VECTORS"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true).appendingPathComponent("webauthn", isDirectory: true)
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Support
            .deletingLastPathComponent()  // CountersignWebAuthnTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
            .deletingLastPathComponent()
            .appendingPathComponent("shared/vectors/webauthn", isDirectory: true)
            .standardizedFileURL
    }()

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: directory.path) }

    /// Every vector file name, sorted.
    static func names(ceremony: String? = nil) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.sorted().filter { name in
            guard let ceremony else { return true }
            return (try? load(name).ceremony) == ceremony
        }
    }

    static func load(_ name: String) throws -> WebAuthnVector {
        let bytes = Array(try Data(contentsOf: directory.appendingPathComponent(name)))
        guard case .object(let object) = try JSONParser().parse(bytes) else { throw VectorError("\(name) is not an object") }
        return try WebAuthnVector(name: name, object)
    }
}

struct VectorError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One vector, with the expectations a relying party is configured with.
struct WebAuthnVector {
    let name: String
    let ceremony: String
    let shouldVerify: Bool
    let response: JSONValue
    let challenge: [UInt8]
    let origins: [String]
    let rpID: String
    let credentialPublicKey: String?
    let storedSignCount: UInt32
    let requireUserVerification: Bool
    /// pinned_time, else pinned_time_if_checking_validity, else now.
    let now: Date
    let allowedAlgorithms: [COSEAlgorithm]?
    let trustAnchorsPEM: [String: [String]]

    init(name: String, _ object: JSONObject) throws {
        func string(_ key: String) throws -> String {
            guard let value = object[key]?.stringValue else { throw VectorError("\(name): no string \(key)") }
            return value
        }
        self.name = name
        ceremony = try string("ceremony")
        guard let shouldVerify = object["should_verify"]?.boolValue, let response = object["response"] else {
            throw VectorError("\(name): no should_verify or response")
        }
        self.shouldVerify = shouldVerify
        self.response = response
        challenge = try Base64URL.decode(try string("expected_challenge"))
        switch object["expected_origin"] {
        case .string(let origin)?: origins = [origin]
        case .array(let list)?: origins = list.compactMap(\.stringValue)
        default: throw VectorError("\(name): no expected_origin")
        }
        rpID = try string("expected_rp_id")
        credentialPublicKey = object["expected_credential_public_key"]?.stringValue
        storedSignCount = UInt32(object["expected_sign_count"]?.integerValue ?? 0)
        requireUserVerification = object["require_user_verification"]?.boolValue == true
            || object["user_verification_policy"]?.stringValue == "Required"
        let pinned = object["pinned_time"]?.stringValue ?? object["pinned_time_if_checking_validity"]?.stringValue
        now = try pinned.map { text in
            guard let date = ISO8601DateFormatter().date(from: text) else { throw VectorError("\(name): bad time \(text)") }
            return date
        } ?? Date()
        let algs = (object["allowed_algs"] ?? object["supported_pub_key_algs"])?.arrayValue
        allowedAlgorithms = algs?.compactMap { $0.integerValue.flatMap { COSEAlgorithm(rawValue: Int($0)) } }
        var anchors: [String: [String]] = [:]
        for (format, list) in object["trust_anchors_override"]?.objectValue ?? JSONObject() {
            anchors[format] = list.arrayValue?.compactMap(\.stringValue) ?? []
        }
        trustAnchorsPEM = anchors
    }

    /// The relying party the vector's source library was configured as.
    func relyingParty() throws -> RelyingParty {
        var relyingParty = try RelyingParty(id: rpID, name: rpID, origins: origins)
        if let allowedAlgorithms { relyingParty.allowedAlgorithms = allowedAlgorithms }
        return relyingParty
    }

    /// What the library concludes: nil when the response verifies, else the refusal.
    /// `configure` applies source-library settings that the vector file records only in its notes.
    func run(configure: (inout RelyingParty) -> Void = { _ in }) async throws -> WebAuthnError? {
        var relyingParty = try relyingParty()
        configure(&relyingParty)
        let userVerification: UserVerificationRequirement = requireUserVerification ? .required : .preferred
        do throws(WebAuthnError) {
            if ceremony == "registration" {
                var anchors = AttestationTrustAnchors()
                for (format, pems) in trustAnchorsPEM {
                    for pem in pems { anchors.byFormat[format, default: []] += try AttestationTrustAnchors.certificates(pem: pem) }
                }
                let response = try RegistrationResponseJSON(self.response)
                _ = try await relyingParty.verifyRegistration(
                    response: response, challenge: challenge, userVerification: userVerification, now: now, trustAnchors: anchors)
            } else {
                let response = try AuthenticationResponseJSON(self.response)
                let key = try COSEKey(bytes: try ResponseBase64URL.decode(credentialPublicKey ?? "", member: "expected_credential_public_key"))
                // The vectors record no stored BE flag: the response's own is taken, so only the
                // other rules decide.
                let backupEligible = try AuthenticatorData(bytes: response.authenticatorData).flags.contains(.backupEligible)
                let record = CredentialRecord(id: response.rawID, publicKey: key, signCount: storedSignCount, backupEligible: backupEligible)
                _ = try relyingParty.verifyAssertion(response: response, challenge: challenge, credential: record, userVerification: userVerification)
            }
            return nil
        } catch {
            return error
        }
    }
}
