import Countersign
import CountersignJSON
import Foundation

extension SQLTransaction {
    static let memberColumns = "id, name, roles, status, user_handle, created_at"

    static func decodeMember(_ row: SQLRow) throws -> MemberRecord {
        let rolesText = try row.text(2)
        guard case .array(let items)? = try? JSONParser().parse(rolesText) else {
            throw StoreError.corruptRow("member roles are not a JSON array: \(rolesText)")
        }
        let roles = try items.map { item in
            guard let name = item.stringValue, let role = try? Role(name) else {
                throw StoreError.corruptRow("member role \(item) is not a role name")
            }
            return role
        }
        return MemberRecord(
            id: try row.parsed(0, "member id", MemberID.init), name: try row.text(1), roles: roles,
            status: try row.enumeration(3, as: MemberRecord.Status.self), userHandle: try row.blob(4),
            createdAt: try row.date(5))
    }

    /// Roles as a JSON array of names, in the record's order.
    static func rolesText(_ roles: [Role]) -> String {
        String(decoding: JCS.canonicalize(.array(roles.map { .string($0.rawValue) })), as: UTF8.self)
    }

    func member(_ id: MemberID) async throws -> MemberRecord? {
        try await first("SELECT \(Self.memberColumns) FROM members WHERE id = $1", [.text(id.rawValue)], Self.decodeMember)
    }

    func member(userHandle: [UInt8]) async throws -> MemberRecord? {
        try await first("SELECT \(Self.memberColumns) FROM members WHERE user_handle = $1", [.blob(userHandle)], Self.decodeMember)
    }

    /// Every member, ordered by id; from `directory` when its token is still current.
    func allMembers() async throws -> [MemberRecord] {
        try await allMembers(knownToken: try await first("SELECT token FROM directory_version WHERE id = 1") { try $0.int(0) })
    }

    /// `allMembers`, with the directory token already read by this transaction (`lockForVote`).
    func allMembers(knownToken token: Int64?) async throws -> [MemberRecord] {
        if let token, let cached = directory.members(token: token) { return cached }
        // The token again, in the statement that reads the members: on PostgreSQL each statement
        // of a READ COMMITTED transaction has its own snapshot, and the directory must be cached
        // under the token of the snapshot it was read from.
        let rows = try await run(
            "SELECT \(Self.memberColumns), (SELECT token FROM directory_version WHERE id = 1) FROM members ORDER BY id")
        let members = try rows.map(Self.decodeMember)
        // No token row (only an operator's hand could remove it): nothing is cached.
        if let readToken = try rows.first?.optionalInt(6) { directory.store(members, token: readToken) }
        return members
    }

    func insertMember(_ member: MemberRecord) async throws {
        try await run(
            "INSERT INTO members (\(Self.memberColumns)) VALUES ($1, $2, $3, $4, $5, $6)",
            [.text(member.id.rawValue), .text(member.name), .text(Self.rolesText(member.roles)), .text(member.status.rawValue),
             .blob(member.userHandle), .date(member.createdAt)],
            duplicate: "member \(member.id) or its user handle")
    }

    func updateMember(_ member: MemberRecord) async throws {
        try await run(
            "UPDATE members SET name = $2, roles = $3, status = $4, user_handle = $5, created_at = $6 WHERE id = $1",
            [.text(member.id.rawValue), .text(member.name), .text(Self.rolesText(member.roles)), .text(member.status.rawValue),
             .blob(member.userHandle), .date(member.createdAt)],
            duplicate: "user handle of member \(member.id)")
    }

    static let invitationColumns = "token_hash, member, created_at, expires_at, used_at, revoked_at, recovery"

    static func decodeInvitation(_ row: SQLRow) throws -> InvitationRecord {
        InvitationRecord(
            tokenHash: try row.text(0), member: try row.parsed(1, "member id", MemberID.init), createdAt: try row.date(2),
            expiresAt: try row.date(3), usedAt: try row.optionalDate(4), revokedAt: try row.optionalDate(5),
            recovery: try row.optionalText(6))
    }

    func invitation(tokenHash: String) async throws -> InvitationRecord? {
        try await first(
            "SELECT \(Self.invitationColumns) FROM invitations WHERE token_hash = $1", [.text(tokenHash)], Self.decodeInvitation)
    }

    func insertInvitation(_ invitation: InvitationRecord) async throws {
        try await run(
            "INSERT INTO invitations (\(Self.invitationColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            [.text(invitation.tokenHash), .text(invitation.member.rawValue), .date(invitation.createdAt),
             .date(invitation.expiresAt), .date(invitation.usedAt), .date(invitation.revokedAt), .optionalText(invitation.recovery)],
            duplicate: "invitation")
    }

    func markInvitationUsed(tokenHash: String, at: Date) async throws -> Bool {
        let rows = try await run(
            "UPDATE invitations SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL RETURNING token_hash",
            [.text(tokenHash), .date(at)])
        return !rows.isEmpty
    }

    func invitations(member: MemberID?) async throws -> [InvitationRecord] {
        if let member {
            return try await all(
                "SELECT \(Self.invitationColumns) FROM invitations WHERE member = $1 ORDER BY created_at DESC, token_hash",
                [.text(member.rawValue)], Self.decodeInvitation)
        }
        return try await all(
            "SELECT \(Self.invitationColumns) FROM invitations ORDER BY created_at DESC, token_hash", [], Self.decodeInvitation)
    }

    func revokeInvitation(tokenHash: String, at: Date) async throws -> Bool {
        let rows = try await run(
            "UPDATE invitations SET revoked_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL RETURNING token_hash",
            [.text(tokenHash), .date(at)])
        return !rows.isEmpty
    }
}
