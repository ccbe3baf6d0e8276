import CountersignJSON
import Crypto
import Foundation
import Testing
import X509
@testable import CountersignWebAuthn

/// Locates and decodes the WebAuthn registration vectors of shared/vectors/webauthn for the
/// attestation format tests.
///
/// The vectors live beside the package checkout, at `<package root>/../shared/vectors/webauthn`
/// (the same place `VectorFiles` of the JOSE tests uses); `COUNTERSIGN_VECTORS` overrides the
/// `vectors` directory. Suites that need them are `.enabled(if: AttestationVectors.isAvailable)`.
enum AttestationVectors {
    /// `<vectors>/webauthn`.
    static let directory: URL = {
        let vectors: URL
        if let override = ProcessInfo.processInfo.environment["COUNTERSIGN_VECTORS"], !override.isEmpty {
            vectors = URL(fileURLWithPath: override, isDirectory: true)
        } else {
            let packageRoot = URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent()  // Support
                .deletingLastPathComponent()  // CountersignWebAuthnTests
                .deletingLastPathComponent()  // Tests
                .deletingLastPathComponent()  // package root
            vectors = packageRoot.deletingLastPathComponent()
                .appendingPathComponent("shared", isDirectory: true)
                .appendingPathComponent("vectors", isDirectory: true)
        }
        return vectors.appendingPathComponent("webauthn", isDirectory: true).standardizedFileURL
    }()

    /// True if the directory exists.
    static var isAvailable: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static let missingReason: Comment = "shared/vectors/webauthn not found beside the repository (set COUNTERSIGN_VECTORS)"

    /// The names (without ".json") of every registration vector: pywa_reg_*, swa_reg_*, wrs_reg_*.
    static var registrationNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files
            .filter { $0.hasSuffix(".json") && ($0.hasPrefix("pywa_reg_") || $0.hasPrefix("swa_reg_") || $0.hasPrefix("wrs_reg_")) }
            .map { String($0.dropLast(5)) }
            .sorted()
    }

    /// Loads and decodes one registration vector.
    static func registration(_ name: String) throws -> RegistrationVector {
        let data = try Data(contentsOf: directory.appendingPathComponent(name + ".json"))
        guard case .object(let object) = try JSONParser(limits: .init(maxBytes: 8 << 20, maxDepth: 64)).parse(Array(data)) else {
            throw AttestationVectorError.malformed(name, "top level is not an object")
        }
        return try RegistrationVector(name: name, object: object)
    }
}

/// A registration vector taken apart the way a relying party would before calling a format.
struct RegistrationVector {
    let name: String
    let shouldVerify: Bool
    /// "fmt" of the attestation object.
    let fmt: String
    let statement: CBORMap
    let authenticatorData: AuthenticatorData
    let credential: AuthenticatorData.AttestedCredentialData
    /// SHA-256 of the clientDataJSON bytes.
    let clientDataHash: [UInt8]
    /// pinned_time, else pinned_time_if_checking_validity, else the current time.
    let now: Date
    /// trust_anchors_override[fmt], if the vector has it.
    let trustAnchors: [Certificate]

    init(name: String, object: JSONObject) throws {
        self.name = name
        guard let shouldVerify = object["should_verify"]?.boolValue else {
            throw AttestationVectorError.malformed(name, "should_verify")
        }
        self.shouldVerify = shouldVerify
        guard let response = object["response"]?.objectValue?["response"]?.objectValue,
              let clientData = response["clientDataJSON"]?.stringValue,
              let attestationObject = response["attestationObject"]?.stringValue
        else { throw AttestationVectorError.malformed(name, "response.response") }
        clientDataHash = Array(SHA256.hash(data: try Self.base64(clientData, name)))
        guard case .map(let top) = try CBORDecoder().decode(try Self.base64(attestationObject, name)),
              let fmt = top[text: "fmt"]?.textValue, let statement = top[text: "attStmt"]?.mapValue,
              let authData = top[text: "authData"]?.bytesValue
        else { throw AttestationVectorError.malformed(name, "attestationObject") }
        self.fmt = fmt
        self.statement = statement
        authenticatorData = try AuthenticatorData(bytes: authData)
        guard let credential = authenticatorData.attestedCredentialData else {
            throw AttestationVectorError.malformed(name, "authenticator data without attested credential data")
        }
        self.credential = credential
        if let pinned = object["pinned_time"]?.stringValue ?? object["pinned_time_if_checking_validity"]?.stringValue {
            guard let date = try? Date(pinned, strategy: .iso8601) else { throw AttestationVectorError.malformed(name, "pinned time \(pinned)") }
            now = date
        } else {
            now = Date()
        }
        var anchors: [Certificate] = []
        for pem in object["trust_anchors_override"]?.objectValue?[fmt]?.arrayValue ?? [] {
            guard let text = pem.stringValue else { throw AttestationVectorError.malformed(name, "trust anchor") }
            anchors.append(try Certificate(pemEncoded: text))
        }
        trustAnchors = anchors
    }

    /// Decodes base64url, or the standard alphabet with padding that some recorded vectors use
    /// (py_webauthn accepts both; browsers send base64url). Which spellings a relying party
    /// accepts is the response parser's business, not the attestation formats'.
    static func base64(_ text: String, _ name: String) throws -> [UInt8] {
        if let bytes = try? Base64URL.decode(text) { return bytes }
        guard let data = Data(base64Encoded: text) else { throw AttestationVectorError.malformed(name, "base64 field") }
        return Array(data)
    }

    /// The x5c certificates of the statement, leaf first (empty without x5c).
    var x5c: [Certificate] {
        get throws {
            try (statement[text: "x5c"]?.arrayValue ?? []).map { item in
                guard let der = item.bytesValue else { throw AttestationVectorError.malformed(name, "x5c") }
                return try Certificate(derEncoded: der)
            }
        }
    }

    /// The format's input, with any part replaced.
    func input(
        statement: CBORMap? = nil, clientDataHash: [UInt8]? = nil,
        credential: AuthenticatorData.AttestedCredentialData? = nil, trustAnchors: [Certificate]? = nil, now: Date? = nil
    ) -> AttestationInput {
        AttestationInput(
            statement: statement ?? self.statement, authenticatorData: authenticatorData,
            clientDataHash: clientDataHash ?? self.clientDataHash, credential: credential ?? self.credential,
            trustAnchors: trustAnchors ?? self.trustAnchors, now: now ?? self.now)
    }
}

enum AttestationVectorError: Error, CustomStringConvertible {
    case malformed(String, String)

    var description: String {
        switch self {
        case .malformed(let name, let what): "vector \(name): malformed \(what)"
        }
    }
}

extension CBORMap {
    /// A copy with the text-keyed member `key` set to `value` (appended if absent), or removed if nil.
    func replacing(_ key: String, with value: CBORValue?) -> CBORMap {
        var entries = self.entries.filter { $0.key != .text(key) }
        if let value { entries.append(CBORMapEntry(key: .text(key), value: value)) }
        return CBORMap(entries: entries)
    }
}

/// Runs a format and returns the error it throws, or nil if it verifies.
func attestationError(_ format: some AttestationFormat, _ input: AttestationInput) async -> WebAuthnError? {
    do {
        _ = try await format.verify(input)
        return nil
    } catch {
        return error
    }
}

/// Flips the last bit of a byte string (a tampered signature, hash or structure).
func flippingLastBit(_ bytes: [UInt8]) -> [UInt8] {
    var copy = bytes
    if !copy.isEmpty { copy[copy.count - 1] ^= 0x01 }
    return copy
}
