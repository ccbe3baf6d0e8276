import Countersign
import CountersignJSON
import Foundation

extension SQLTransaction {
    static let passkeyColumns = """
        credential_id, member, public_key, sign_count, backup_eligible, backed_up, transports, attestation_format, \
        created_at, last_used_at, revoked_at, pending_recovery, aaguid, label
        """

    static func decodePasskey(_ row: SQLRow) throws -> PasskeyRecord {
        let count = try row.int(3)
        guard let signCount = UInt32(exactly: count) else { throw StoreError.corruptRow("sign count \(count) out of range") }
        let transportsText = try row.text(6)
        guard case .array(let items)? = try? JSONParser().parse(transportsText) else {
            throw StoreError.corruptRow("passkey transports are not a JSON array: \(transportsText)")
        }
        let transports = try items.map { item in
            guard let name = item.stringValue else { throw StoreError.corruptRow("passkey transport \(item) is not a string") }
            return name
        }
        return PasskeyRecord(
            credentialID: try row.blob(0), member: try row.parsed(1, "member id", MemberID.init), publicKey: try row.blob(2),
            signCount: signCount, backupEligible: try row.bool(4), backedUp: try row.bool(5), transports: transports,
            attestationFormat: try row.text(7), createdAt: try row.date(8), lastUsedAt: try row.optionalDate(9),
            revokedAt: try row.optionalDate(10), pendingRecovery: try row.optionalText(11),
            aaguid: try row.optionalText(12).map { text in
                guard let aaguid = UUID(uuidString: text) else { throw StoreError.corruptRow("passkey AAGUID \(text) is not a UUID") }
                return aaguid
            },
            label: try row.optionalText(13))
    }

    func passkey(credentialID: [UInt8]) async throws -> PasskeyRecord? {
        try await first(
            "SELECT \(Self.passkeyColumns) FROM passkeys WHERE credential_id = $1", [.blob(credentialID)], Self.decodePasskey)
    }

    func passkeys(member: MemberID) async throws -> [PasskeyRecord] {
        try await all(
            "SELECT \(Self.passkeyColumns) FROM passkeys WHERE member = $1 ORDER BY created_at, credential_id",
            [.text(member.rawValue)], Self.decodePasskey)
    }

    func passkeysWithoutAAGUID(limit: Int) async throws -> [PasskeyRecord] {
        try await all(
            "SELECT \(Self.passkeyColumns) FROM passkeys WHERE aaguid IS NULL ORDER BY created_at, credential_id LIMIT $1",
            [.integer(Int64(limit))], Self.decodePasskey)
    }

    func recordPasskeyAAGUID(credentialID: [UInt8], aaguid: UUID) async throws -> Bool {
        try await run(
            "UPDATE passkeys SET aaguid = $2 WHERE credential_id = $1 AND aaguid IS NULL RETURNING 1",
            [.blob(credentialID), .text(aaguid.uuidString.lowercased())]).count == 1
    }

    func insertPasskey(_ passkey: PasskeyRecord) async throws {
        let transports = String(decoding: JCS.canonicalize(.array(passkey.transports.map { .string($0) })), as: UTF8.self)
        try await run(
            "INSERT INTO passkeys (\(Self.passkeyColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            [.blob(passkey.credentialID), .text(passkey.member.rawValue), .blob(passkey.publicKey),
             .integer(Int64(passkey.signCount)), .bool(passkey.backupEligible), .bool(passkey.backedUp), .text(transports),
             .text(passkey.attestationFormat), .date(passkey.createdAt), .date(passkey.lastUsedAt), .date(passkey.revokedAt),
             .optionalText(passkey.pendingRecovery), .optionalText(passkey.aaguid?.uuidString.lowercased()),
             .optionalText(passkey.label)],
            duplicate: "passkey credential id")
    }

    func updatePasskeyUse(credentialID: [UInt8], signCount: UInt32, backedUp: Bool, usedAt: Date) async throws {
        try await run(
            "UPDATE passkeys SET sign_count = $2, backed_up = $3, last_used_at = $4 WHERE credential_id = $1",
            [.blob(credentialID), .integer(Int64(signCount)), .bool(backedUp), .date(usedAt)])
    }

    /// Sets the member's label of one of their passkeys (nil clears it); false when `member` has
    /// no passkey `credentialID`.
    func labelPasskey(credentialID: [UInt8], member: MemberID, label: String?) async throws -> Bool {
        try await run(
            "UPDATE passkeys SET label = $3 WHERE credential_id = $1 AND member = $2 RETURNING 1",
            [.blob(credentialID), .text(member.rawValue), .optionalText(label)]).count == 1
    }
}
