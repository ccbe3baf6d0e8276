import Countersign
import CountersignClient
import CountersignJOSE
import Foundation

/// A member the generator acts as: its id and the Ed25519 key enrolled for it.
struct LoadMember: Sendable {
    let id: String
    let key: JWK
}

/// The members of a load run, made through the real API the way a service is set up
/// (docs/client.md): the admin creates the member, makes a user token for a fresh Ed25519 key
/// offline with the ADMIN_KEY, and the key is enrolled with that token (POST /api/keys/enrol).
/// No passkey is involved: admin-enrolled keys may vote unless a policy asks for passkey keys.
enum LoadTeam {
    /// The role every voter holds and the statements' policies name.
    static let voterRole = "load-voter"

    static func member(name: String, roles: [String], server: String, adminKey: [UInt8]) async throws -> LoadMember {
        let admin = CountersignClient(server: server, credentials: .admin(key: adminKey))
        let created = try await admin.createMember(name: name, roles: roles)
        let key = try JWK.generate(for: .ed25519)
        guard case .ed25519(let publicKey, _) = key.material else { throw LoadError.preparation("generated key is not Ed25519") }
        let now = Date()
        let token = try UserToken(userID: created.id, issuedAt: now, expiresAt: now.addingTimeInterval(3600), publicKey: Array(publicKey.rawRepresentation))
            .signed(adminKey: adminKey)
        _ = try await CountersignClient(server: server, credentials: .anonymous).enrolKey(token: token, key: key)
        return LoadMember(id: created.id, key: key)
    }

    /// Statements one creator makes: under the server's default per-key limit of 1200 signed
    /// requests a minute.
    static let statementsPerCreator = 1000

    /// Enough creators (not signers of the policies) for `statements`, and `voters` voters.
    static func make(
        voters: Int, statements: Int, server: String, adminKey: [UInt8]
    ) async throws -> (creators: [LoadMember], voters: [LoadMember]) {
        let creatorCount = max(1, (statements + statementsPerCreator - 1) / statementsPerCreator)
        let creators = try await concurrentMap(creatorCount, width: 8) { index in
            try await member(name: "load creator \(index)", roles: ["load-author"], server: server, adminKey: adminKey)
        }
        let members = try await concurrentMap(voters, width: 8) { index in
            try await member(name: "load voter \(index)", roles: [voterRole], server: server, adminKey: adminKey)
        }
        return (creators, members)
    }
}
