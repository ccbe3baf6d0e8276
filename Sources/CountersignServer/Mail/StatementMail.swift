import Countersign
import CountersignStore
import Foundation

/// The mails about statements: "a statement waits for your decision" to the members its policy
/// names (directly or by role) when it is created, and its decision (approved, rejected,
/// expired) to its creator and those members. Queued in the transaction that records the event.
///
/// What a mail shows (docs/SECURITY.md): the creator's name, the statement's id, its deadline and a
/// link to its page; never its title or content, which may be confidential and would cross mail
/// servers the operator does not control. The subject names only what happened.
enum StatementMail {
    static let awaitingKind = "statement.awaiting"
    static let decidedKind = "statement.decided"

    /// Members the statement's policy names, directly or by role, who are not removed.
    static func named(by statement: Statement, reader: any StoreReader) async throws -> [MemberID] {
        let direct = statement.policy.quorum.namedMembers
        let roles = statement.policy.quorum.namedRoles
        return try await reader.allMembers().filter { member in
            member.status != .removed && (direct.contains(member.id) || !roles.isDisjoint(with: member.roles))
        }.map(\.id)
    }

    static func link(_ id: StatementID, configuration: ServerConfiguration) -> String {
        "\(configuration.linkBase)/statements/\(id.rawValue)"
    }

    /// On creation: to each named member but the creator.
    static func announceCreated(
        _ record: StatementRecord, _ statement: Statement, creator: MemberRecord, in tx: any StoreTransaction, at now: Date,
        configuration: ServerConfiguration
    ) async throws {
        guard configuration.mail != nil, !record.status.state.isFinal else { return }
        let audience = try await named(by: statement, reader: tx).filter { $0 != record.creator }
        try await MailOutbox.notify(audience, in: tx, at: now, configuration: configuration) { member in
            awaiting(record, creatorName: creator.name, for: member, now: now, configuration: configuration)
        }
    }

    static func awaiting(
        _ record: StatementRecord, creatorName: String, for member: MemberRecord, now: Date, configuration: ServerConfiguration
    ) -> MailOutbox.Composed {
        let deadline = record.expiresAt.map { "It can be decided until \(MailWording.time($0)), in \(MailWording.duration($0.timeIntervalSince(now)))." }
            ?? "It has no deadline."
        let body = """
            Hello \(member.name),

            \(creatorName) created a statement on Countersign that waits for your decision. \(deadline)

            Read it and decide (approve or reject, with your passkey) at

              \(link(record.id, configuration: configuration))

            Statement: \(record.id.rawValue)

            Its title and content are shown only there, after you sign in.

            \(MailWording.footer(linkBase: configuration.linkBase))
            """
        return MailOutbox.Composed(kind: awaitingKind, subject: "Countersign: a statement waits for your decision", body: body)
    }

    /// On a decision (approved, rejected, expired): to the creator and each named member.
    static func announceDecision(_ updated: StatementRecord, in tx: any StoreTransaction, at now: Date, configuration: ServerConfiguration) async throws {
        let state = updated.status.state
        guard configuration.mail != nil, [.approved, .rejected, .expired].contains(state) else { return }
        let statement = try StatementRecords.statement(updated)
        var audience = try await named(by: statement, reader: tx)
        if !audience.contains(updated.creator) { audience.insert(updated.creator, at: 0) }
        try await MailOutbox.notify(audience, in: tx, at: now, configuration: configuration) { member in
            let body = """
                Hello \(member.name),

                A statement on Countersign \(member.id == updated.creator ? "you created " : "")is now \(state.rawValue) \
                (\(MailWording.time(updated.status.decidedAt ?? now))). See it, its votes and its evidence at

                  \(link(updated.id, configuration: configuration))

                Statement: \(updated.id.rawValue)

                \(MailWording.footer(linkBase: configuration.linkBase))
                """
            return MailOutbox.Composed(kind: decidedKind, subject: "Countersign: a statement was \(state.rawValue)", body: body)
        }
    }

    static let reminderKind = "statement.reminder"

    /// The daily reminder: the statements still waiting on the member, as links (no titles).
    static func reminder(
        _ statements: [StatementRecord], for member: MemberRecord, now: Date, configuration: ServerConfiguration
    ) -> MailOutbox.Composed {
        let lines = statements.prefix(50).map { record in
            let deadline = record.expiresAt.map { ", until \(MailWording.time($0))" } ?? ""
            return "  \(link(record.id, configuration: configuration))\(deadline)"
        }
        let more = statements.count > 50 ? "\n  and \(statements.count - 50) more on your dashboard." : ""
        let body = """
            Hello \(member.name),

            \(statements.count == 1 ? "A statement waits" : "\(statements.count) statements wait") for your decision on Countersign:

            \(lines.joined(separator: "\n"))\(more)

            Their titles and contents are shown only there, after you sign in.

            You receive this reminder once a day while statements wait for you.

            \(MailWording.footer(linkBase: configuration.linkBase))
            """
        return MailOutbox.Composed(kind: reminderKind, subject: "Countersign: statements wait for your decision", body: body)
    }
}
