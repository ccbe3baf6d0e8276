import Countersign
import Foundation

/// Signing keys and stored policies.
extension SQLTransaction {
    static let keyColumns = "kid, member, jwk, method, attestation, valid_from, revoked_at"

    static func decodeKey(_ row: SQLRow) throws -> KeyRecord {
        KeyRecord(
            kid: try row.text(0), member: try row.parsed(1, "member id", MemberID.init), jwk: try row.text(2),
            method: try row.text(3), attestation: try row.text(4), validFrom: try row.date(5), revokedAt: try row.optionalDate(6))
    }

    func key(kid: String) async throws -> KeyRecord? {
        try await first("SELECT \(Self.keyColumns) FROM signing_keys WHERE kid = $1", [.text(kid)], Self.decodeKey)
    }

    /// A key's columns, then its member's (NULL when the member row is missing).
    private static let keyWithMemberQuery = {
        let key = keyColumns.split(separator: ", ").map { "k.\($0)" }.joined(separator: ", ")
        let member = memberColumns.split(separator: ", ").map { "m.\($0)" }.joined(separator: ", ")
        return "SELECT \(key), \(member) FROM signing_keys k LEFT JOIN members m ON m.id = k.member WHERE k.kid = $1"
    }()

    func keyWithMember(kid: String) async throws -> (key: KeyRecord, member: MemberRecord?)? {
        try await first(Self.keyWithMemberQuery, [.text(kid)]) { row in
            let key = try Self.decodeKey(row)
            guard row.values.count > 7, row.values[7] != .null else { return (key, nil) }
            return (key, try Self.decodeMember(SQLRow(values: Array(row.values.dropFirst(7)))))
        }
    }

    func keys(member: MemberID) async throws -> [KeyRecord] {
        try await all(
            "SELECT \(Self.keyColumns) FROM signing_keys WHERE member = $1 ORDER BY kid", [.text(member.rawValue)], Self.decodeKey)
    }

    func allKeys() async throws -> [KeyRecord] {
        try await all("SELECT \(Self.keyColumns) FROM signing_keys ORDER BY kid", [], Self.decodeKey)
    }

    func insertKey(_ key: KeyRecord) async throws {
        try await run(
            "INSERT INTO signing_keys (\(Self.keyColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            [.text(key.kid), .text(key.member.rawValue), .text(key.jwk), .text(key.method), .text(key.attestation),
             .date(key.validFrom), .date(key.revokedAt)],
            duplicate: "key \(key.kid)")
    }

    static let policyColumns = "id, version, name, policy, created_at"

    static func decodePolicy(_ row: SQLRow) throws -> PolicyRecord {
        let version = try row.int(1)
        guard let versionNumber = Int(exactly: version), versionNumber >= 1 else {
            throw StoreError.corruptRow("policy version \(version)")
        }
        return PolicyRecord(
            id: try row.parsed(0, "policy id", PolicyID.init), version: versionNumber, name: try row.text(2),
            policy: try row.blob(3), createdAt: try row.date(4))
    }

    func policy(_ id: PolicyID) async throws -> PolicyRecord? {
        try await first(
            "SELECT \(Self.policyColumns) FROM policies WHERE id = $1 ORDER BY version DESC LIMIT 1", [.text(id.rawValue)],
            Self.decodePolicy)
    }

    /// The version is computed inside the INSERT; two PostgreSQL writers adding a version of the
    /// same policy at once collide on the primary key and the second gets `StoreError.duplicate`.
    func insertPolicy(_ policy: PolicyRecord) async throws {
        try await run(
            """
            INSERT INTO policies (\(Self.policyColumns)) \
            SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4 FROM policies WHERE id = $1
            """,
            [.text(policy.id.rawValue), .text(policy.name), .blob(policy.policy), .date(policy.createdAt)],
            duplicate: "policy \(policy.id) version")
    }

    func latestPolicies() async throws -> [PolicyRecord] {
        try await all(
            """
            SELECT \(Self.policyColumns) FROM policies p \
            WHERE version = (SELECT MAX(version) FROM policies q WHERE q.id = p.id) ORDER BY created_at, id
            """,
            [], Self.decodePolicy)
    }

    func policyVersions(_ id: PolicyID) async throws -> [PolicyRecord] {
        try await all(
            "SELECT \(Self.policyColumns) FROM policies WHERE id = $1 ORDER BY version", [.text(id.rawValue)], Self.decodePolicy)
    }
}
