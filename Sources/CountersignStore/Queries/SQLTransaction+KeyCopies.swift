import Countersign
import Foundation

/// Encrypted copies of signing keys.
extension SQLTransaction {
    static let keyCopyColumns = "kid, member, credential_id, salt, iv, ciphertext, created_at"

    static func decodeKeyCopy(_ row: SQLRow) throws -> KeyCopyRecord {
        KeyCopyRecord(
            kid: try row.text(0), member: try row.parsed(1, "member id", MemberID.init), credentialID: try row.blob(2),
            salt: try row.blob(3), iv: try row.blob(4), ciphertext: try row.blob(5), createdAt: try row.date(6))
    }

    /// A revocation deletes the key's copy in the revoking transaction, so every stored copy is of a live key.
    func keyCopies(member: MemberID) async throws -> [KeyCopyRecord] {
        try await all(
            "SELECT \(Self.keyCopyColumns) FROM key_copies WHERE member = $1 ORDER BY created_at DESC, kid",
            [.text(member.rawValue)], Self.decodeKeyCopy)
    }

    func replaceKeyCopy(_ copy: KeyCopyRecord) async throws {
        try await run("DELETE FROM key_copies WHERE kid = $1", [.text(copy.kid)])
        try await run(
            "INSERT INTO key_copies (\(Self.keyCopyColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            [.text(copy.kid), .text(copy.member.rawValue), .blob(copy.credentialID), .blob(copy.salt), .blob(copy.iv),
             .blob(copy.ciphertext), .date(copy.createdAt)],
            duplicate: "key copy \(copy.kid)")
    }

    func deleteKeyCopy(kid: String) async throws -> Bool {
        !(try await run("DELETE FROM key_copies WHERE kid = $1 RETURNING kid", [.text(kid)])).isEmpty
    }
}
