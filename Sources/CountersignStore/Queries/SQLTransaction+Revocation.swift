import Countersign
import Foundation

/// Revoking signing keys and passkeys, and finding the statements a revocation touches.
extension SQLTransaction {
    func lockKey(kid: String) async throws -> KeyRecord? {
        try await first("SELECT \(Self.keyColumns) FROM signing_keys WHERE kid = $1\(dialect.forUpdate)", [.text(kid)], Self.decodeKey)
    }

    func revokeKey(kid: String, at: Date) async throws -> Bool {
        let rows = try await run(
            "UPDATE signing_keys SET revoked_at = $2 WHERE kid = $1 AND revoked_at IS NULL RETURNING kid", [.text(kid), .date(at)])
        guard !rows.isEmpty else { return false }
        // A revoked key's private half must not stay retrievable, even sealed.
        _ = try await deleteKeyCopy(kid: kid)
        return true
    }

    func lockPasskeys(member: MemberID) async throws -> [PasskeyRecord] {
        try await all(
            "SELECT \(Self.passkeyColumns) FROM passkeys WHERE member = $1 ORDER BY created_at, credential_id\(dialect.forUpdate)",
            [.text(member.rawValue)], Self.decodePasskey)
    }

    func revokePasskey(credentialID: [UInt8], at: Date) async throws -> Bool {
        let rows = try await run(
            "UPDATE passkeys SET revoked_at = $2 WHERE credential_id = $1 AND revoked_at IS NULL RETURNING member",
            [.blob(credentialID), .date(at)])
        guard !rows.isEmpty else { return false }
        // Every way of revoking a passkey comes through here, so none leaves a session it opened.
        _ = try await run("DELETE FROM sessions WHERE credential_id = $1", [.blob(credentialID)])
        return true
    }

    func activateKey(kid: String, at: Date) async throws -> Bool {
        let rows = try await run(
            "UPDATE signing_keys SET valid_from = $2 WHERE kid = $1 AND revoked_at IS NULL AND valid_from > $2 RETURNING kid",
            [.text(kid), .date(at)])
        return !rows.isEmpty
    }

    func undecidedStatements(votedBy member: MemberID, limit: Int) async throws -> [StatementID] {
        let open = [StatementState.pending, .timelocked].map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return try await all(
            """
            SELECT s.id FROM statements s JOIN votes v ON v.statement = s.id \
            WHERE v.member = $1 AND s.state IN (\(open)) ORDER BY s.seq DESC LIMIT $2
            """,
            [.text(member.rawValue), .integer(Int64(max(0, limit)))]) { row in try row.parsed(0, "statement id", StatementID.init) }
    }
}
