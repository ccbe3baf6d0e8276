import CountersignJSON
import Crypto
import Foundation
import Testing
@testable import CountersignJOSE

/// The 12 ed25519-speccheck edge cases (vectors/ed25519-speccheck/README.md, "Condition table")
/// against Countersign's Ed25519 verification: JWK validation of A, then
/// `SignaturePrimitives.verify` (R checks, then swift-crypto/BoringSSL's cofactorless equation).
///
/// Countersign's rule is libsodium's strict one: accept only case 3. Small-order A or R, and
/// non-canonical A or R, are refused even where RFC 8032 would allow them, because with such keys
/// one signature verifies for several messages or one key has two identities (two thumbprints).
@Suite("Ed25519 speccheck", .enabled(if: VectorFiles.isAvailable, "shared test vectors not found (set COUNTERSIGN_VECTORS)"))
struct Ed25519SpeccheckTests {
    struct Expectation: Sendable {
        /// Whether Countersign verifies the signature.
        let accepted: Bool
        /// The error `JWK` must raise for the public key A, or nil if A is a valid key.
        let keyError: JWKError?
        /// The README's condition for this case and where Countersign refuses it.
        let condition: String
    }

    /// Exact expectation per case index (index = row of the README condition table).
    static let expectations: [Expectation] = [
        // 0: S = 0, A small, R small. A is the canonical encoding of a point of order 8.
        Expectation(accepted: false, keyError: .smallOrderKey, condition: "small A and R: JWK refuses A"),
        // 1: 0 < S < L, A small, R mixed.
        Expectation(accepted: false, keyError: .smallOrderKey, condition: "small A only: JWK refuses A"),
        // 2: 0 < S < L, A mixed, R small. BoringSSL alone accepts; the primitive's R check refuses.
        Expectation(accepted: false, keyError: nil, condition: "small R only: primitive refuses small-order R"),
        // 3: A and R mixed; passes both the cofactored and the cofactorless equation.
        Expectation(accepted: true, keyError: nil, condition: "mixed A and R, both equations hold: accepted"),
        // 4: passes only the cofactored equation [8]R + [8k]A = [8S]B; BoringSSL is cofactorless.
        Expectation(accepted: false, keyError: nil, condition: "cofactored-only: cofactorless equation fails"),
        // 5: R of order L, "pre-reduced" scalar; fails cofactorless (and cofactored with 8h reduced).
        //    swift-crypto refuses it, so Countersign does too.
        Expectation(accepted: false, keyError: nil, condition: "pre-reduced 8h: cofactorless equation fails"),
        // 6: S > L. RFC 8032 section 5.1.7 requires refusing S >= L (malleability).
        Expectation(accepted: false, keyError: nil, condition: "S > L: refused (S must be < L)"),
        // 7: S >> L (high bit set; no canonical encoding exists).
        Expectation(accepted: false, keyError: nil, condition: "S >> L: refused (S must be < L)"),
        // 8: R non-canonical (y >= p), small order, hash over the reduced encoding.
        Expectation(accepted: false, keyError: nil, condition: "non-canonical R (reduced for hash): primitive refuses R"),
        // 9: R non-canonical, hash over the encoding as given.
        Expectation(accepted: false, keyError: nil, condition: "non-canonical R (not reduced): primitive refuses R"),
        // 10: A non-canonical (x = 0 with the sign bit set), hash over the reduced encoding.
        Expectation(accepted: false, keyError: .nonCanonicalEncoding, condition: "non-canonical A (reduced for hash): JWK refuses A"),
        // 11: A non-canonical, hash over the encoding as given. BoringSSL alone accepts this one.
        Expectation(accepted: false, keyError: .nonCanonicalEncoding, condition: "non-canonical A (not reduced): JWK refuses A"),
    ]

    struct Case: Decodable {
        let message: String
        let pub_key: String
        let signature: String
    }

    static func cases() throws -> [Case] {
        try VectorFiles.decode([Case].self, from: "ed25519-speccheck/cases.json")
    }

    /// The decision through the JWK path: a refused key is a refused signature.
    static func decide(_ vector: Case) throws -> (accepted: Bool, keyError: JWKError?) {
        let x = try vectorHex(vector.pub_key, "pub_key")
        let key: JWK
        do {
            key = try JWK(["kty": "OKP", "crv": "Ed25519", "x": .string(Base64URL.encode(x))])
        } catch {
            return (false, error)
        }
        let accepted = SignaturePrimitives.verify(
            try vectorHex(vector.signature, "signature"), of: try vectorHex(vector.message, "message"),
            algorithm: .ed25519, key: key.material)
        return (accepted, nil)
    }

    @Test("exactly the documented decision for each of the 12 cases")
    func decisionTable() throws {
        let vectors = try Self.cases()
        #expect(vectors.count == 12)
        #expect(vectors.count == Self.expectations.count)
        for (index, vector) in vectors.enumerated() where index < Self.expectations.count {
            let expected = Self.expectations[index]
            let (accepted, keyError) = try Self.decide(vector)
            #expect(accepted == expected.accepted, "case \(index) (\(expected.condition)): accepted = \(accepted)")
            #expect(keyError == expected.keyError, "case \(index) (\(expected.condition)): JWK error \(String(describing: keyError))")
        }
    }

    /// Only case 3 verifies: the full accept set, stated once more as a set.
    @Test("only case 3 is accepted")
    func acceptedSet() throws {
        let accepted = try Self.cases().enumerated().filter { try Self.decide($0.element).accepted }.map(\.offset)
        #expect(accepted == [3])
    }

    /// The JWK path refuses the small-order and non-canonical public keys of the set with the
    /// specific error, via JSON text too (what a key set file goes through).
    @Test("JWK refuses small-order and non-canonical keys with the specific error", arguments: [
        (0, JWKError.smallOrderKey), (1, .smallOrderKey), (10, .nonCanonicalEncoding), (11, .nonCanonicalEncoding),
    ])
    func jwkRefusesKey(index: Int, error: JWKError) throws {
        let vector = try Self.cases()[index]
        let x = Base64URL.encode(try vectorHex(vector.pub_key, "pub_key"))
        #expect(throws: error) { try JWK(json: Array(#"{"kty":"OKP","crv":"Ed25519","x":"\#(x)"}"#.utf8)) }
    }

    /// For the record (docs/wycheproof.md): what swift-crypto alone decides, with no Countersign
    /// checks. Not asserted: it documents which Countersign check is the one doing the refusing.
    @Test("swift-crypto's own decisions, for the record")
    func swiftCryptoAlone() throws {
        var row: [String] = []
        for (index, vector) in try Self.cases().enumerated() {
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: try vectorHex(vector.pub_key))
            let valid = key?.isValidSignature(try vectorHex(vector.signature), for: try vectorHex(vector.message)) ?? false
            row.append("\(index):\(key == nil ? "key-refused" : valid ? "V" : "X")")
        }
        print("[vectors] speccheck swift-crypto alone: \(row.joined(separator: " "))")
    }
}
