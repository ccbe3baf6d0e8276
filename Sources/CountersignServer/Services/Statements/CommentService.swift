import Countersign
import CountersignJSON
import CountersignStore
import Crypto
import Foundation

/// A statement's comment thread (docs/api.md): read and written only by the statement's creator
/// and the members its policy names, directly or by role (`Statement.admitsToDiscussion`); the
/// admin reads it through the admin API. Deny by default: anyone else is refused, whether or not
/// the thread is empty.
///
/// Bounded: a comment is `CommentText` (at most 2,000 characters), a statement holds at most
/// `maxPerStatement` comments, and a member writes at most `maxPerMinute` comments a minute
/// (counted in the store, so across instances). Each comment is audited (`comment.added`, which
/// lands in the transparency log): the event carries the comment's id and the SHA-256 of its
/// text, not the text, because the log is readable more widely than the thread.
struct CommentService: Sendable {
    let store: any Store
    let clock: ServerClock
    let events: EventHub

    static let maxPerStatement = 500
    static let maxPerMinute = 10

    /// The thread, oldest first, for a member who takes part in it.
    func comments(for member: MemberRecord, on id: StatementID) async throws -> [CommentRecord] {
        let found = try await store.read { reader -> (StatementRecord, [CommentRecord])? in
            guard let record = try await reader.statement(id) else { return nil }
            return (record, try await reader.comments(statement: id, limit: Self.maxPerStatement))
        }
        guard let (record, comments) = found else { throw ServiceError.notFound("statement \(id)") }
        try Self.requireParticipant(member, of: try StatementRecords.statement(record))
        return comments
    }

    /// The thread for the admin (admin API).
    func comments(on id: StatementID) async throws -> [CommentRecord] {
        let found = try await store.read { reader -> [CommentRecord]? in
            guard try await reader.statement(id) != nil else { return nil }
            return try await reader.comments(statement: id, limit: Self.maxPerStatement)
        }
        guard let found else { throw ServiceError.notFound("statement \(id)") }
        return found
    }

    /// Adds `text`, exactly as typed, to the thread of statement `id` by `member`.
    func add(_ text: String, by member: MemberRecord, on id: StatementID) async throws -> CommentRecord {
        let body: CommentText
        do throws(VoteReasonError) {
            body = try CommentText(text)
        } catch {
            throw ServiceError.invalid("comment_invalid", "the comment is refused: \(error.description)")
        }
        let now = clock.now
        let comment = try await store.write { tx -> CommentRecord in
            // The statement's row lock serialises the thread's count check with other writers.
            guard let locked = try await tx.lockStatement(id) else { throw ServiceError.notFound("statement \(id)") }
            try Self.requireParticipant(member, of: try StatementRecords.statement(locked))
            guard try await tx.commentCount(statement: id) < Self.maxPerStatement else {
                throw ServiceError.conflict("comments_full", "the statement already has \(Self.maxPerStatement) comments")
            }
            guard try await tx.commentCount(author: member.id, since: now.addingTimeInterval(-60)) < Self.maxPerMinute else {
                throw ServiceError.rateLimited("at most \(Self.maxPerMinute) comments a minute; wait a little")
            }
            let random = (0..<16).map { _ in UInt8.random(in: 0...255) }
            let comment = CommentRecord(id: "cmt_" + Base64URL.encode(random), statement: id, author: member.id, text: body.text, createdAt: now)
            try await tx.insertComment(comment)
            try await tx.appendAudit(
                actor: member.id.rawValue, action: "comment.added", subject: id.rawValue,
                details: ["comment": .string(comment.id), "sha256": .string(Base64URL.encode(SHA256.hash(data: Array(body.text.utf8))))],
                at: now)
            return comment
        }
        events.nudge()
        return comment
    }

    /// Refuses a member who is neither the creator nor named by the policy.
    static func requireParticipant(_ member: MemberRecord, of statement: Statement) throws {
        guard statement.admitsToDiscussion(member.member) else {
            throw ServiceError.forbidden(
                "not_a_participant", "only the statement's creator and the members its policy names (directly or by role) take part in its comments")
        }
    }
}
