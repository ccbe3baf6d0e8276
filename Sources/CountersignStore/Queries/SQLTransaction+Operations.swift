import Countersign
import Foundation

/// Scheduled dangerous operations.
extension SQLTransaction {
    static let operationColumns = "id, kind, member, target, details, scheduled_at, due_at, state, cancelled_by, decided_at, result"

    static func decodeOperation(_ row: SQLRow) throws -> OperationRecord {
        OperationRecord(
            id: try row.text(0), kind: try row.enumeration(1, as: OperationRecord.Kind.self),
            member: try row.optionalText(2) == nil ? nil : row.parsed(2, "member id", MemberID.init),
            target: try row.text(3), details: try row.text(4), scheduledAt: try row.date(5), dueAt: try row.optionalDate(6),
            state: try row.enumeration(7, as: OperationRecord.State.self), cancelledBy: try row.optionalText(8),
            decidedAt: try row.optionalDate(9), result: try row.optionalText(10))
    }

    func operation(_ id: String) async throws -> OperationRecord? {
        try await first("SELECT \(Self.operationColumns) FROM operations WHERE id = $1", [.text(id)], Self.decodeOperation)
    }

    func operations(state: OperationRecord.State?, limit: Int) async throws -> [OperationRecord] {
        let limit = SQLValue.integer(Int64(max(0, limit)))
        if let state {
            return try await all(
                "SELECT \(Self.operationColumns) FROM operations WHERE state = $1 ORDER BY scheduled_at DESC, id LIMIT $2",
                [.text(state.rawValue), limit], Self.decodeOperation)
        }
        return try await all(
            "SELECT \(Self.operationColumns) FROM operations ORDER BY scheduled_at DESC, id LIMIT $1", [limit], Self.decodeOperation)
    }

    func dueOperations(now: Date, limit: Int) async throws -> [String] {
        try await all(
            "SELECT id FROM operations WHERE state = 'pending' AND due_at <= $1 ORDER BY due_at, id LIMIT $2",
            [.date(now), .integer(Int64(max(0, limit)))]) { try $0.text(0) }
    }

    func insertOperation(_ operation: OperationRecord) async throws {
        try await run(
            "INSERT INTO operations (\(Self.operationColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            [.text(operation.id), .text(operation.kind.rawValue), .optionalText(operation.member?.rawValue), .text(operation.target),
             .text(operation.details), .date(operation.scheduledAt), .date(operation.dueAt), .text(operation.state.rawValue),
             .optionalText(operation.cancelledBy), .date(operation.decidedAt), .optionalText(operation.result)],
            duplicate: "a pending \(operation.kind.rawValue) operation on \(operation.target)")
    }

    func lockOperation(_ id: String) async throws -> OperationRecord? {
        try await first(
            "SELECT \(Self.operationColumns) FROM operations WHERE id = $1\(dialect.forUpdate)", [.text(id)], Self.decodeOperation)
    }

    func updateOperation(_ operation: OperationRecord) async throws {
        try await run(
            "UPDATE operations SET due_at = $2, state = $3, cancelled_by = $4, decided_at = $5, result = $6 WHERE id = $1",
            [.text(operation.id), .date(operation.dueAt), .text(operation.state.rawValue), .optionalText(operation.cancelledBy),
             .date(operation.decidedAt), .optionalText(operation.result)])
    }

    func activatePasskey(credentialID: [UInt8]) async throws -> Bool {
        let rows = try await run(
            "UPDATE passkeys SET pending_recovery = NULL WHERE credential_id = $1 AND pending_recovery IS NOT NULL RETURNING member",
            [.blob(credentialID)])
        return !rows.isEmpty
    }

    func pendingPasskeys(recovery operation: String) async throws -> [PasskeyRecord] {
        try await all(
            "SELECT \(Self.passkeyColumns) FROM passkeys WHERE pending_recovery = $1 ORDER BY created_at, credential_id",
            [.text(operation)], Self.decodePasskey)
    }
}
