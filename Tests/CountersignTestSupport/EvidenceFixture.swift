import Countersign
import CountersignJOSE
import CountersignJSON
import Crypto
import Foundation

/// An approved evidence bundle built in-process through the library, for the CLI to verify:
/// three partners whose Ed25519 keys are attested by software passkeys, a 2-of-3 statement,
/// two approvals, a server-signed receipt. (The library's own tests have the full scenario
/// builder; this is the smallest honest bundle.)
package struct EvidenceFixture {
    package static let rpID = "countersign.example"
    package static let origin = "https://countersign.example"
    package static let t0 = Date(timeIntervalSince1970: 1_795_168_800)

    package let bundle: EvidenceBundle
    package let serverKey: JWK
    /// The approvers' public keys: what the Python verifiers check the approval envelope against.
    package let approverKeys: [JWK]

    /// The ADMIN_KEY that signs the user token of an admin-enrolled fixture key.
    package static let adminKey = [UInt8](repeating: 0x0f, count: 32)

    /// With `adminEnrolled`, bob's key is enrolled with an admin token (signed by `adminKey`)
    /// instead of attested by a passkey.
    package init(adminEnrolled: Bool = false) throws {
        let members = try ["alice", "bob", "carol"].map { try Member(id: MemberID("mem_\($0)"), name: $0, roles: [Role("partner")]) }
        let statement = try Statement(
            id: StatementID("st_cli"), title: "Series A term sheet", content: .object(["amount": 2_500_000]),
            creator: members[0].id, createdAt: Self.t0,
            policy: Policy(json: Array(#"{"threshold":2,"signers":[{"role":"partner","weight":1}]}"#.utf8)))
        var keys: [EvidenceKey] = []
        var votes: [VerifiedVote] = []
        var approverKeys: [JWK] = []
        for (index, member) in members.enumerated() {
            let key = try JWK.generate(for: .ed25519)
            let byAdmin = adminEnrolled && index == 1
            let memberKey = MemberKey(jwk: key, member: member.id.rawValue, method: byAdmin ? .adminToken : .passkey, validFrom: Self.t0)
            let record = byAdmin
                ? try Self.adminTokenRecord(of: key.publicKey, member: member.id.rawValue)
                : try Self.attestation(of: key.publicKey, member: member.id.rawValue)
            keys.append(EvidenceKey(key: memberKey, attestation: record.jsonValue))
            guard index < 2 else { continue }
            let receivedAt = Self.t0.addingTimeInterval(Double(index + 1) * 3600)
            let signature = try JWSSigner(key: key).signature(
                encodedPayload: CountersignJSON.Base64URL.encode(statement.canonicalBytes),
                protectedHeader: ["typ": "countersign-approval+jws", "iat": .number(receivedAt.timeIntervalSince1970)])
            votes.append(try VoteVerifier(keys: [memberKey]).verify(
                signature, kind: .approve, on: statement.signedStatement, member: member.id.rawValue, receivedAt: receivedAt))
            approverKeys.append(key.publicKey)
        }
        let evaluation = statement.evaluate(votes: try votes.map { try Vote($0) }, members: members, now: Self.t0.addingTimeInterval(3 * 3600))
        serverKey = try JWK.generate(for: .ed25519)
        let receipt = try Receipt(
            statement: statement.id.rawValue, digest: statement.digest, state: evaluation.state.rawValue,
            decidedAt: evaluation.decidedAt, approvals: EvidenceBundle.countedApprovals(votes, evaluation: evaluation), auditSeq: 7
        ).signed(with: serverKey)
        bundle = EvidenceBundle.build(
            statement: statement, votes: votes, members: members, keys: keys, evaluation: evaluation, receipt: receipt,
            serverKey: serverKey)
        self.approverKeys = approverKeys
    }

    /// The server's public key written as a JWK file into `dir`; the path.
    package func serverKeyFile(in dir: TemporaryDirectory) throws -> String {
        try dir.write("server.jwk", Data(JCS.canonicalize(.object(serverKey.publicKey.jsonObject()))))
    }

    /// A key record of an admin-token enrolment: a user token signed with `adminKey`.
    package static func adminTokenRecord(of key: JWK, member: String) throws -> KeyAttestationRecord {
        guard case .ed25519(let publicKey, _) = key.material else { throw KeyAttestationError.malformed("not Ed25519") }
        let token = try UserToken(
            userID: member, issuedAt: t0, expiresAt: t0.addingTimeInterval(3600), publicKey: Array(publicKey.rawRepresentation)
        ).signed(adminKey: adminKey)
        return KeyAttestationRecord(member: member, jwk: key, proof: .adminToken(token: token, enrolledAt: t0))
    }

    /// A key attestation record made by a fresh software passkey (Ed25519, flags UP|UV).
    package static func attestation(of key: JWK, member: String) throws -> KeyAttestationRecord {
        let passkey = Curve25519.Signing.PrivateKey()
        let challenge = KeyAttestationChallenge(member: member, jkt: key.thumbprint, nonce: "n-\(member)").challenge
        let authenticatorData = Array(SHA256.hash(data: Array(rpID.utf8))) + [0x05, 0, 0, 0, 1]
        let clientDataJSON = Array(#"{"type":"webauthn.get","challenge":"\#(CountersignJSON.Base64URL.encode(challenge))","origin":"\#(origin)"}"#.utf8)
        let signature = try passkey.signature(for: authenticatorData + Array(SHA256.hash(data: clientDataJSON)))
        let cose: [UInt8] = [0xA4, 0x01, 0x01, 0x03, 0x27, 0x20, 0x06, 0x21, 0x58, 0x20] + Array(passkey.publicKey.rawRepresentation)
        return KeyAttestationRecord(
            member: member, jwk: key,
            proof: .passkey(.init(
                nonce: "n-\(member)", rpID: rpID, origin: origin, credentialID: Array("cred-\(member)".utf8),
                passkeyPublicKey: cose, authenticatorData: authenticatorData, clientDataJSON: clientDataJSON,
                signature: Array(signature), attestedAt: t0)))
    }
}
