import Countersign
import Foundation

/// Short-lived rows: ceremonies, sessions and request nonces.
extension SQLTransaction {
    static let ceremonyColumns = "id, purpose, payload, expires_at"

    static func decodeCeremony(_ row: SQLRow) throws -> CeremonyRecord {
        CeremonyRecord(id: try row.text(0), purpose: try row.text(1), payload: try row.blob(2), expiresAt: try row.date(3))
    }

    func insertCeremony(_ ceremony: CeremonyRecord) async throws {
        try await run(
            "INSERT INTO ceremonies (\(Self.ceremonyColumns)) VALUES ($1, $2, $3, $4)",
            [.text(ceremony.id), .text(ceremony.purpose), .blob(ceremony.payload), .date(ceremony.expiresAt)],
            duplicate: "ceremony")
    }

    func consumeCeremony(id: String, now: Date) async throws -> CeremonyRecord? {
        // One DELETE both claims and reads the row: of two concurrent callers only one gets it back.
        guard let ceremony = try await first(
            "DELETE FROM ceremonies WHERE id = $1 RETURNING \(Self.ceremonyColumns)", [.text(id)], Self.decodeCeremony)
        else { return nil }
        return StoreTime.microseconds(ceremony.expiresAt) > StoreTime.microseconds(now) ? ceremony : nil
    }

    /// Deletes rows of `table` whose `column` is before `now`; returns how many.
    private func deleteExpired(_ table: String, _ column: String, now: Date) async throws -> Int {
        try await run("DELETE FROM \(table) WHERE \(column) < $1 RETURNING 1", [.date(now)]).count
    }

    func deleteExpiredCeremonies(now: Date) async throws -> Int {
        try await deleteExpired("ceremonies", "expires_at", now: now)
    }

    static let sessionColumns = "id_hash, member, created_at, last_seen_at, expires_at, credential_id"

    static func decodeSession(_ row: SQLRow) throws -> SessionRecord {
        SessionRecord(
            idHash: try row.text(0), member: try row.parsed(1, "member id", MemberID.init), createdAt: try row.date(2),
            lastSeenAt: try row.date(3), expiresAt: try row.date(4), credentialID: try row.optionalBlob(5))
    }

    func session(idHash: String) async throws -> SessionRecord? {
        try await first("SELECT \(Self.sessionColumns) FROM sessions WHERE id_hash = $1", [.text(idHash)], Self.decodeSession)
    }

    func insertSession(_ session: SessionRecord) async throws {
        try await run(
            "INSERT INTO sessions (\(Self.sessionColumns)) VALUES ($1, $2, $3, $4, $5, $6)",
            [.text(session.idHash), .text(session.member.rawValue), .date(session.createdAt), .date(session.lastSeenAt),
             .date(session.expiresAt), session.credentialID.map { .blob($0) } ?? .null],
            duplicate: "session")
    }

    func touchSession(idHash: String, lastSeenAt: Date) async throws {
        try await run("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1", [.text(idHash), .date(lastSeenAt)])
    }

    func deleteSession(idHash: String) async throws {
        try await run("DELETE FROM sessions WHERE id_hash = $1", [.text(idHash)])
    }

    func deleteSessions(member: MemberID) async throws -> Int {
        try await run("DELETE FROM sessions WHERE member = $1 RETURNING id_hash", [.text(member.rawValue)]).count
    }

    func deleteExpiredSessions(now: Date) async throws -> Int {
        try await deleteExpired("sessions", "expires_at", now: now)
    }

    func insertNonce(keyID: String, nonce: String, expiresAt: Date) async throws -> Bool {
        let rows = try await run(
            "INSERT INTO nonces (key_id, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1",
            [.text(keyID), .text(nonce), .date(expiresAt)])
        return !rows.isEmpty
    }

    func insertNonceWithWrites(keyID: String, nonce: String, expiresAt: Date) async throws {
        try await hold(.insert(table: "nonces", columns: "key_id, nonce, expires_at", rows: [[.text(keyID), .text(nonce), .date(expiresAt)]]))
    }

    func deleteExpiredNonces(now: Date) async throws -> Int {
        try await deleteExpired("nonces", "expires_at", now: now)
    }
}
