import CountersignJSON
import Crypto
import Foundation
import Testing
@testable import CountersignJOSE

/// Project Wycheproof signature vectors against `SignaturePrimitives` (docs/wycheproof.md).
///
/// Every group's public key is turned into a JWK first (`JWK(_:)` on a JSON object built from the
/// group's `publicKey`), exactly as a key set would be read. A key the JWK layer refuses counts as a
/// refusal of every case in the group. Rule: every "valid" case is accepted, every "invalid" case
/// is refused, and every "acceptable" case has a documented decision in `acceptable:` that the run
/// must match. The number of cases processed must equal the file's `numberOfTests`.
@Suite("Wycheproof signature primitives", .enabled(if: VectorFiles.isAvailable, "shared test vectors not found (set COUNTERSIGN_VECTORS)"))
struct WycheproofTests {
    @Test("ed25519_test.json: Ed25519")
    func ed25519() throws {
        let tally = try WycheproofRun.signatures("ed25519_test.json", key: WycheproofKeys.ed25519) { key, signature, message in
            SignaturePrimitives.verify(signature, of: message, algorithm: .ed25519, key: key.material)
        }
        tally.finish()
    }

    @Test("ecdsa_secp256r1_sha256_p1363_test.json: ES256 (raw r||s, the JWS form)")
    func es256P1363() throws {
        let tally = try WycheproofRun.signatures("ecdsa_secp256r1_sha256_p1363_test.json", key: WycheproofKeys.p256) { key, signature, message in
            SignaturePrimitives.verify(signature, of: message, algorithm: .es256, key: key.material)
        }
        tally.finish()
    }

    /// JWS never carries DER signatures, so this file checks the key path (EC JWK → swift-crypto
    /// P-256 key) together with swift-crypto's own strict DER parser, not a Countersign code path.
    @Test("ecdsa_secp256r1_sha256_test.json: P-256 DER signatures via swift-crypto on the JWK's key")
    func p256DER() throws {
        let tally = try WycheproofRun.signatures("ecdsa_secp256r1_sha256_test.json", key: WycheproofKeys.p256) { key, signature, message in
            guard case .p256(let publicKey, _) = key.material,
                  let value = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return publicKey.isValidSignature(value, for: SHA256.hash(data: message))
        }
        tally.finish()
    }

    @Test("rsa_signature_2048_sha256_test.json: RS256")
    func rs256() throws {
        let acceptable: [Int: AcceptableDecision] = [
            // DigestInfo without the NULL parameters. RFC 8017 section 9.2 note 2 lets verifiers
            // accept it, but Countersign (BoringSSL) re-encodes the expected DigestInfo and compares
            // bytes, so exactly one encoding of a PKCS#1 v1.5 signature verifies.
            8: AcceptableDecision(accepted: false, reason: "missing NULL in DigestInfo: refused, one encoding only"),
        ]
        let tally = try WycheproofRun.signatures(
            "rsa_signature_2048_sha256_test.json", acceptable: acceptable, key: WycheproofKeys.rsa
        ) { key, signature, message in
            SignaturePrimitives.verify(signature, of: message, algorithm: .rs256, key: key.material)
        }
        tally.finish()
    }

    /// PS256 is RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt (RFC 7518 section 3.5);
    /// only groups with exactly those parameters apply (in this file: all of them).
    @Test("rsa_pss_2048_sha256_mgf1_32_test.json: PS256")
    func ps256() throws {
        let tally = try WycheproofRun.signatures(
            "rsa_pss_2048_sha256_mgf1_32_test.json", key: WycheproofKeys.rsa,
            applies: { $0.sha == "SHA-256" && $0.mgf == "MGF1" && $0.mgfSha == "SHA-256" && $0.sLen == 32 }
        ) { key, signature, message in
            SignaturePrimitives.verify(signature, of: message, algorithm: .ps256, key: key.material)
        }
        #expect(tally.skipped == 0, "every group of this file has the PS256 parameters")
        tally.finish()
    }
}

// MARK: - Vector file model

/// A Wycheproof signature-verification file (EddsaVerify, EcdsaVerify, EcdsaP1363Verify,
/// RsassaPkcs1Verify, RsassaPssVerify groups).
struct WycheproofSignatureFile: Decodable {
    let algorithm: String
    let numberOfTests: Int
    let testGroups: [Group]

    struct Group: Decodable {
        let type: String
        let publicKey: PublicKey
        let sha: String?
        let mgf: String?
        let mgfSha: String?
        let sLen: Int?
        let tests: [Case]
    }

    /// The hex key fields: Ed25519 `pk`; EC `wx`/`wy` (ASN.1 integers: may carry a 00 byte or be
    /// shorter than the coordinate); RSA `modulus`/`publicExponent`.
    struct PublicKey: Decodable {
        let pk: String?
        let wx: String?
        let wy: String?
        let modulus: String?
        let publicExponent: String?
    }

    struct Case: Decodable {
        let tcId: Int
        let comment: String
        let flags: [String]
        let msg: String
        let sig: String
        let result: WycheproofResult
    }
}

enum WycheproofResult: String, Decodable {
    case valid, invalid, acceptable
}

/// Countersign's documented decision for an "acceptable" case.
struct AcceptableDecision {
    let accepted: Bool
    let reason: String
}

// MARK: - Keys through the JWK path

/// Builds JWKs from Wycheproof key fields. Malformed vector data throws; a JWK refusal is a result.
enum WycheproofKeys {
    static func ed25519(_ key: WycheproofSignatureFile.PublicKey) throws -> Result<JWK, JWKError> {
        let x = try vectorHex(key.pk ?? "", "pk")
        return Result { () throws(JWKError) in try JWK(["kty": "OKP", "crv": "Ed25519", "x": .string(Base64URL.encode(x))]) }
    }

    static func p256(_ key: WycheproofSignatureFile.PublicKey) throws -> Result<JWK, JWKError> {
        let x = try coordinate(vectorHex(key.wx ?? "", "wx"), length: 32)
        let y = try coordinate(vectorHex(key.wy ?? "", "wy"), length: 32)
        return Result { () throws(JWKError) in
            try JWK(["kty": "EC", "crv": "P-256", "x": .string(Base64URL.encode(x)), "y": .string(Base64URL.encode(y))])
        }
    }

    static func rsa(_ key: WycheproofSignatureFile.PublicKey) throws -> Result<JWK, JWKError> {
        let n = try vectorHex(key.modulus ?? "", "modulus").drop { $0 == 0 }
        let e = try vectorHex(key.publicExponent ?? "", "publicExponent").drop { $0 == 0 }
        return Result { () throws(JWKError) in
            try JWK(["kty": "RSA", "n": .string(Base64URL.encode(n)), "e": .string(Base64URL.encode(e))])
        }
    }

    /// An ASN.1 integer as a fixed-length big-endian coordinate: leading zeros dropped, left-padded.
    static func coordinate(_ bytes: [UInt8], length: Int) throws -> [UInt8] {
        let significant = Array(bytes.drop { $0 == 0 })
        guard significant.count <= length else { throw VectorFileError.malformed("coordinate longer than \(length) bytes") }
        return [UInt8](repeating: 0, count: length - significant.count) + significant
    }
}

// MARK: - Running a file

/// What happened to the cases of one file; `finish()` makes the count and coverage assertions.
struct WycheproofTally {
    let file: String
    let numberOfTests: Int
    let documentedAcceptable: Set<Int>
    var processed = 0, skipped = 0
    var valid = 0, validAccepted = 0, invalid = 0, invalidRefused = 0, refusedByKey = 0
    var acceptableSeen: [Int: Bool] = [:]

    func finish(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(processed > 0, "\(file): no test cases processed", sourceLocation: sourceLocation)
        #expect(processed + skipped == numberOfTests, "\(file): \(processed)+\(skipped) cases, numberOfTests \(numberOfTests)", sourceLocation: sourceLocation)
        #expect(Set(acceptableSeen.keys) == documentedAcceptable, "\(file): documented acceptable cases \(documentedAcceptable.sorted()) but file has \(acceptableSeen.keys.sorted())", sourceLocation: sourceLocation)
        let acceptable = acceptableSeen.sorted { $0.key < $1.key }.map { "tcId \($0.key) \($0.value ? "accepted" : "refused")" }
        print("[vectors] \(file): \(processed) cases (skipped \(skipped)); valid \(validAccepted)/\(valid) accepted; invalid \(invalidRefused)/\(invalid) refused (\(refusedByKey) by the JWK layer); acceptable: \(acceptable.isEmpty ? "none" : acceptable.joined(separator: ", "))")
    }
}

enum WycheproofRun {
    /// Runs every case of a signature file: key via `key`, decision via `verify`.
    static func signatures(
        _ file: String,
        acceptable: [Int: AcceptableDecision] = [:],
        key: (WycheproofSignatureFile.PublicKey) throws -> Result<JWK, JWKError>,
        applies: (WycheproofSignatureFile.Group) -> Bool = { _ in true },
        verify: (JWK, [UInt8], [UInt8]) -> Bool
    ) throws -> WycheproofTally {
        let vectors = try VectorFiles.decode(WycheproofSignatureFile.self, from: "wycheproof/" + file)
        var tally = WycheproofTally(file: file, numberOfTests: vectors.numberOfTests, documentedAcceptable: Set(acceptable.keys))
        for group in vectors.testGroups {
            guard applies(group) else {
                tally.skipped += group.tests.count
                continue
            }
            let jwk = try key(group.publicKey)
            for test in group.tests {
                let signature = try vectorHex(test.sig, "sig"), message = try vectorHex(test.msg, "msg")
                let accepted: Bool
                var refusal = "signature does not verify"
                switch jwk {
                case .success(let jwk): accepted = verify(jwk, signature, message)
                case .failure(let error):
                    accepted = false
                    refusal = "JWK refused: \(error.code)"
                    tally.refusedByKey += test.result == .invalid ? 1 : 0
                }
                tally.processed += 1
                let label = "\(file) tcId \(test.tcId) [\(test.comment)] flags \(test.flags)"
                switch test.result {
                case .valid:
                    tally.valid += 1
                    tally.validAccepted += accepted ? 1 : 0
                    #expect(accepted, "valid case refused (\(refusal)): \(label)")
                case .invalid:
                    tally.invalid += 1
                    tally.invalidRefused += accepted ? 0 : 1
                    #expect(!accepted, "invalid case accepted: \(label)")
                case .acceptable:
                    tally.acceptableSeen[test.tcId] = accepted
                    if let decision = acceptable[test.tcId] {
                        #expect(accepted == decision.accepted, "acceptable case decided \(accepted ? "accept" : "refuse"), documented \(decision.reason): \(label)")
                    } else {
                        Issue.record("acceptable case without a documented decision (\(accepted ? "accepted" : "refused")): \(label)")
                    }
                }
            }
        }
        return tally
    }
}
