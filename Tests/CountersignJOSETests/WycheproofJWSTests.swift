import CountersignJSON
import Foundation
import Testing
@testable import CountersignJOSE

/// Wycheproof `json_web_signature_test.json` through the whole JWS path (docs/wycheproof.md):
/// the group's JWK → `JWKSet` → `JWSVerifier` (all asymmetric algorithms; HS256 only for `oct`
/// groups, whose secret is passed as `hmacSecret:`) → `JWS(parsing:)` → policy `.all`.
///
/// A key refused by `JWK`, a parse error, or an unsatisfied policy is a refusal. Every "valid" case
/// must be accepted unless it is in `validRefusedByDesign` (and then it must be refused with exactly
/// the listed error code); every "invalid" case must be refused unless it is in
/// `invalidIdenticalToValid` (vector defects). Stale entries fail the test.
@Suite("Wycheproof JWS", .enabled(if: VectorFiles.isAvailable, "shared test vectors not found (set COUNTERSIGN_VECTORS)"))
struct WycheproofJWSTests {
    static let file = "wycheproof/json_web_signature_test.json"

    /// Valid cases Countersign refuses on purpose, with the refusal code they must get.
    static let validRefusedByDesign: [Int: (code: String, reason: String)] = [
        // RFC 7520 figure 20 is signed with PS384, but Wycheproof's JWK declares "alg":"PS256".
        // A JWK's "alg" names the one algorithm the key is for (RFC 7517 section 4.4); Countersign
        // never uses a key with another algorithm, so the signature has no usable key.
        346: ("key_alg_mismatch", "JWK declares alg PS256, signature is PS384"),
        350: ("key_alg_mismatch", "JWK declares alg PS256, signature is PS384 (key_ops variant)"),
        // RFC 7520 figure 27's key as Wycheproof writes it declares "alg":"ES521", which is not a
        // registered JWS algorithm (ES512 is). Countersign refuses a JWK whose "alg" it does not
        // know rather than guess which algorithm the key is meant for.
        347: ("jwk_unsupported_alg", "JWK declares unknown alg ES521"),
        351: ("jwk_unsupported_alg", "JWK declares unknown alg ES521 (key_ops variant)"),
        // '?' inserted into the encoded header / payload. The MAC is over the text without it, so
        // this "verifies" only for a decoder that skips junk and a verifier that re-encodes.
        // Countersign's base64url is strict and signs the exact characters (RFC 7515 section 5.2).
        372: ("malformed_header", "'?' in the base64url header: strict base64url"),
        373: ("jws_payload_encoding", "'?' in the base64url payload: strict base64url"),
    ]

    /// Invalid cases whose "jws" is byte-identical to a valid case (a defect of the vector file:
    /// the padding the comment names is absent). They are accepted, as they must be; the intended
    /// padded inputs are checked in `paddedBase64IsRefused`.
    static let invalidIdenticalToValid: [Int: Int] = [
        367: 357,  // invalidBase64Padding: same text as ValidMac
        370: 357,  // invalidBase64PaddingInPayload: same text as ValidMac
    ]

    @Test("json_web_signature_test.json: every case decided as documented")
    func jsonWebSignature() throws {
        let vectors = try VectorFiles.jsonObject(Self.file)
        let groups = try #require(vectors["testGroups"] as? [[String: Any]])
        let numberOfTests = try #require(vectors["numberOfTests"] as? Int)
        var processed = 0, valid = 0, validAccepted = 0, invalid = 0, invalidRefused = 0
        var usedAllowances = Set<Int>()
        var refusalCodes: [String: Int] = [:]
        let jwsByTcId = Dictionary(uniqueKeysWithValues: groups.flatMap { $0["tests"] as? [[String: Any]] ?? [] }
            .compactMap { test in (test["tcId"] as? Int).map { ($0, test["jws"] as? String) } })
        for group in groups {
            let verifier = try Self.verifier(for: group)
            for test in try #require(group["tests"] as? [[String: Any]]) {
                let tcId = try #require(test["tcId"] as? Int)
                let comment = test["comment"] as? String ?? ""
                let result = try #require(test["result"] as? String)
                let decision = try Self.decide(test["jws"] as Any, verifier: verifier)
                let label = "tcId \(tcId) [\(comment)] (\(group["comment"] as? String ?? "")): \(decision)"
                processed += 1
                if let code = decision.refusalCode { refusalCodes[code, default: 0] += 1 }
                switch result {
                case "valid":
                    valid += 1
                    if let allowed = Self.validRefusedByDesign[tcId] {
                        usedAllowances.insert(tcId)
                        #expect(decision.refusalCode == allowed.code, "valid case must be refused with \(allowed.code) (\(allowed.reason)): \(label)")
                    } else {
                        validAccepted += decision.isAccepted ? 1 : 0
                        #expect(decision.isAccepted, "valid case refused: \(label)")
                    }
                case "invalid":
                    invalid += 1
                    invalidRefused += decision.isAccepted ? 0 : 1
                    if let twin = Self.invalidIdenticalToValid[tcId] {
                        usedAllowances.insert(tcId)
                        #expect(jwsByTcId[tcId] != nil && jwsByTcId[tcId] == jwsByTcId[twin], "no longer identical to valid tcId \(twin): \(label)")
                    } else {
                        #expect(!decision.isAccepted, "invalid case accepted: \(label)")
                    }
                default:
                    Issue.record("unexpected result \"\(result)\" (this file has no acceptable cases): \(label)")
                }
            }
        }
        let allowances = Set(Self.validRefusedByDesign.keys).union(Self.invalidIdenticalToValid.keys)
        #expect(usedAllowances == allowances, "stale allow-list entries: \(allowances.subtracting(usedAllowances).sorted())")
        #expect(processed > 0)
        #expect(processed == numberOfTests, "processed \(processed) cases, numberOfTests \(numberOfTests)")
        print("[vectors] json_web_signature_test.json: \(processed) cases; valid \(validAccepted)/\(valid) accepted (+\(Self.validRefusedByDesign.count) refused by design); invalid \(invalidRefused)/\(invalid) refused; refusals by code: \(refusalCodes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
    }

    /// What tcIds 367 and 370 were meant to test: "=" padding on the MAC or the payload of the valid
    /// tcId 357. Strict base64url (RFC 7515 section 2) refuses both.
    @Test("padded base64url in the signature or payload is refused", arguments: [
        "eyJraWQiOiJoczI1Ni1rZXkiLCJhbGciOiJIUzI1NiJ9.VGVzdA.c1LROH7eNQwUT8KMVEO52VC3WZ9e_AnDWbZ7aMmowV8=",
        "eyJraWQiOiJoczI1Ni1rZXkiLCJhbGciOiJIUzI1NiJ9.VGVzdA==.c1LROH7eNQwUT8KMVEO52VC3WZ9e_AnDWbZ7aMmowV8",
    ])
    func paddedBase64IsRefused(jws: String) throws {
        let secret = try Base64URL.decode("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")  // group "base64" key
        let verifier = JWSVerifier(keys: try JWKSet([]), allowedAlgorithms: [.hs256], hmacSecret: secret)
        let unpadded = jws.replacingOccurrences(of: "=", with: "")
        #expect(try Self.decide(unpadded, verifier: .success(verifier)).isAccepted, "the unpadded original (tcId 357) verifies")
        #expect(!(try Self.decide(jws, verifier: .success(verifier)).isAccepted))
    }

    /// tcId 17 ("rejectsValidJsonSerialization") is refused above only because its text is truncated
    /// (no closing `]}`). Wycheproof calls a JSON serialization invalid for compact-only APIs;
    /// `JWS(parsing:)` supports RFC 7515 section 7.2 by design, so the repaired envelope verifies,
    /// while `JWS(compact:)` refuses it.
    @Test("tcId 17 repaired: the JSON serialization is supported by JWS(parsing:), not JWS(compact:)")
    func repairedJSONSerialization() throws {
        let vectors = try VectorFiles.jsonObject(Self.file)
        let groups = try #require(vectors["testGroups"] as? [[String: Any]])
        let group = try #require(groups.first { ($0["tests"] as? [[String: Any]])?.contains { $0["tcId"] as? Int == 17 } ?? false })
        let truncated = try #require((group["tests"] as? [[String: Any]])?.first { $0["tcId"] as? Int == 17 }?["jws"] as? String)
        let repaired = truncated + "]}"
        #expect(try Self.decide(repaired, verifier: Self.verifier(for: group)).isAccepted)
        #expect(throws: JWSError.malformedCompact) { try JWS(compact: Array(repaired.utf8)) }
    }

    // MARK: - Helpers

    /// What Countersign did with one case.
    enum Decision: CustomStringConvertible {
        case accepted
        case refused(code: String, detail: String)

        var isAccepted: Bool { if case .accepted = self { true } else { false } }
        var refusalCode: String? { if case .refused(let code, _) = self { code } else { nil } }
        var description: String {
            switch self {
            case .accepted: "accepted"
            case .refused(let code, let detail): "refused \(code): \(detail)"
            }
        }
    }

    /// The verifier for a group, or the JWK layer's refusal of the group's key.
    static func verifier(for group: [String: Any]) throws -> Result<JWSVerifier, JWKError> {
        let object = try #require((group["public"] ?? group["private"]) as? [String: Any])
        let jwk: JWK
        do {
            jwk = try JWK(json: Array(JSONSerialization.data(withJSONObject: object)))
        } catch let error as JWKError {
            return .failure(error)
        }
        // When both halves parse, the private key must derive the same public key.
        if group["public"] != nil, let privateObject = group["private"] as? [String: Any],
           let privateKey = try? JWK(json: Array(JSONSerialization.data(withJSONObject: privateObject))) {
            #expect(privateKey.publicKey.thumbprint == jwk.thumbprint, "private and public JWK of group \(group["comment"] ?? "") differ")
        }
        if jwk.kind == .symmetric {
            let secret = try #require(try? Base64URL.decode(object["k"] as? String ?? ""))
            return .success(JWSVerifier(keys: try JWKSet([]), allowedAlgorithms: JWSAlgorithm.asymmetric.union([.hs256]), hmacSecret: secret))
        }
        // A public JWK keeps its declared kid; `publicKey` would replace it with the thumbprint.
        let publicKey = jwk.isPrivate ? jwk.publicKey : jwk
        return .success(JWSVerifier(keys: try JWKSet([publicKey]), allowedAlgorithms: JWSAlgorithm.asymmetric))
    }

    /// Parses (compact string or JSON object) and verifies one case under policy `.all`.
    static func decide(_ jws: Any, verifier group: Result<JWSVerifier, JWKError>) throws -> Decision {
        let verifier: JWSVerifier
        switch group {
        case .success(let value): verifier = value
        case .failure(let error): return .refused(code: error.code, detail: "key refused: \(error)")
        }
        let bytes: [UInt8]
        if let text = jws as? String {
            bytes = Array(text.utf8)
        } else {
            bytes = try Array(JSONSerialization.data(withJSONObject: jws))
        }
        let parsed: JWS
        do {
            parsed = try JWS(parsing: bytes)
        } catch {
            return .refused(code: error.code, detail: "parse: \(error)")
        }
        let report = verifier.verify(parsed, policy: .all)
        if report.satisfied { return .accepted }
        let failure = report.outcomes.compactMap(\.failure).first
        return .refused(code: failure?.code ?? "policy", detail: failure?.description ?? report.explanation)
    }
}
