import CountersignJOSE
import CountersignJSON
import Crypto
import Foundation
import Testing
@testable import Countersign

@Suite struct UserTokenTests {
    let adminKey = [UInt8](repeating: 7, count: 32)
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func token(member: String = "mem_svc", key: JWK, lifetime: TimeInterval = 3600, issued: Date? = nil) throws -> String {
        guard case .ed25519(let publicKey, _) = key.material else { throw UserTokenError.wrongKey }
        return try UserToken(userID: member, issuedAt: issued ?? now, expiresAt: (issued ?? now).addingTimeInterval(lifetime),
                             publicKey: Array(publicKey.rawRepresentation)).signed(adminKey: adminKey)
    }

    @Test("a token made with the ADMIN_KEY enrols exactly its member and key")
    func enrolment() throws {
        let key = try JWK.generate(for: .ed25519)
        let compact = try token(key: key)
        let claims = try UserToken.verifyEnrolment(compact, adminKey: adminKey, member: "mem_svc", key: key.publicKey, enrolledAt: now)
        #expect(claims.userID == "mem_svc")
        // The header is a plain HS256 JWT that any JWT library reads.
        let header = try JSONParser().parse(try Base64URL.decode(String(compact.split(separator: ".")[0])))
        #expect(header == .object(["alg": "HS256", "typ": "JWT"]))
    }

    @Test("bad signature, expiry, future issue, another member or another key are refused")
    func refusals() throws {
        let key = try JWK.generate(for: .ed25519)
        let other = try JWK.generate(for: .ed25519)
        let compact = try token(key: key)
        #expect(throws: UserTokenError.self) {
            try UserToken.verify(compact, adminKey: [UInt8](repeating: 8, count: 32), now: now)
        }
        #expect(throws: UserTokenError.expired) { try UserToken.verify(compact, adminKey: adminKey, now: now.addingTimeInterval(3600)) }
        #expect(throws: UserTokenError.notYetValid) {
            try UserToken.verify(try token(key: key, issued: now.addingTimeInterval(600)), adminKey: adminKey, now: now)
        }
        #expect(throws: UserTokenError.wrongMember) {
            try UserToken.verifyEnrolment(compact, adminKey: adminKey, member: "mem_other", key: key, enrolledAt: now)
        }
        #expect(throws: UserTokenError.wrongKey) {
            try UserToken.verifyEnrolment(compact, adminKey: adminKey, member: "mem_svc", key: other, enrolledAt: now)
        }
        #expect(throws: UserTokenError.invalidAdminKey) { try UserToken.verify(compact, adminKey: [1, 2, 3], now: now) }
    }

    @Test("an asymmetric or unsigned token is refused even if its claims are right")
    func algorithmConfusion() throws {
        let key = try JWK.generate(for: .ed25519)
        let parts = try token(key: key).split(separator: ".").map(String.init)
        let none = Base64URL.encode(Array(#"{"alg":"none"}"#.utf8)) + "." + parts[1] + "."
        #expect(throws: UserTokenError.self) { try UserToken.verify(none, adminKey: adminKey, now: now) }
        var jws = JWS(payload: try Base64URL.decode(parts[1]))
        try JWSSigner(key: key).sign(&jws)
        #expect(throws: UserTokenError.self) { try UserToken.verify(try jws.compactSerialization(), adminKey: adminKey, now: now) }
    }
}
