import Countersign
import Foundation

/// Withdrawals and comment threads.
extension SQLTransaction {
    func withdrawals(statement: StatementID) async throws -> [WithdrawalRecord] {
        try await all(
            "SELECT statement, member, kind, reason, withdrawn_at FROM withdrawals WHERE statement = $1 ORDER BY seq",
            [.text(statement.rawValue)]
        ) { row in
            WithdrawalRecord(
                statement: try row.parsed(0, "statement id", StatementID.init), member: try row.parsed(1, "member id", MemberID.init),
                kind: try row.enumeration(2, as: VoteKind.self), reason: try row.optionalText(3), withdrawnAt: try row.date(4))
        }
    }

    func insertWithdrawal(_ withdrawal: WithdrawalRecord) async throws {
        try await run(
            "INSERT INTO withdrawals (statement, member, kind, reason, withdrawn_at) VALUES ($1, $2, $3, $4, $5)",
            [.text(withdrawal.statement.rawValue), .text(withdrawal.member.rawValue), .text(withdrawal.kind.rawValue),
             .optionalText(withdrawal.reason), .date(withdrawal.withdrawnAt)])
    }

    func comments(statement: StatementID, limit: Int) async throws -> [CommentRecord] {
        try await all(
            "SELECT id, statement, author, body, created_at FROM comments WHERE statement = $1 ORDER BY seq LIMIT $2",
            [.text(statement.rawValue), .integer(Int64(max(0, limit)))]
        ) { row in
            CommentRecord(
                id: try row.text(0), statement: try row.parsed(1, "statement id", StatementID.init),
                author: try row.parsed(2, "member id", MemberID.init), text: try row.text(3), createdAt: try row.date(4))
        }
    }

    func commentCount(statement: StatementID) async throws -> Int {
        let count = try await first("SELECT COUNT(*) FROM comments WHERE statement = $1", [.text(statement.rawValue)]) { try $0.int(0) }
        return Int(count ?? 0)
    }

    func commentCount(author: MemberID, since: Date) async throws -> Int {
        let count = try await first(
            "SELECT COUNT(*) FROM comments WHERE author = $1 AND created_at >= $2", [.text(author.rawValue), .date(since)]) { try $0.int(0) }
        return Int(count ?? 0)
    }

    func insertComment(_ comment: CommentRecord) async throws {
        try await run(
            "INSERT INTO comments (id, statement, author, body, created_at) VALUES ($1, $2, $3, $4, $5)",
            [.text(comment.id), .text(comment.statement.rawValue), .text(comment.author.rawValue), .text(comment.text),
             .date(comment.createdAt)],
            duplicate: "comment \(comment.id)")
    }
}
