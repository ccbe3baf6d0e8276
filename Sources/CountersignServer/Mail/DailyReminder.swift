import Countersign
import CountersignStore
import Foundation
import Logging
import ServiceLifecycle

/// The daily reminder (`--mail-reminder-hour H`, off by default): from hour H (UTC) each day,
/// every member with a confirmed address on whom pending statements still wait (their policy names
/// the member, who has not voted) gets one mail listing them. At most one per member per day, on
/// every instance and across restarts: the member's day is claimed in `mail_reminders` in the
/// transaction that queues the mail, so a mail is queued exactly when the day is claimed. A server
/// that starts after hour H sends that day's reminders then; a day the server never runs is skipped.
struct DailyReminder: Service {
    let store: any Store
    let clock: ServerClock
    let configuration: ServerConfiguration
    let logger: Logger
    /// Pending statements looked at per round.
    static let statementLimit = 500

    func run() async throws {
        guard configuration.mail != nil, configuration.mailReminderHour != nil else {
            // A service that returns ends the whole group: wait for the shutdown instead.
            try? await gracefulShutdown()
            return
        }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await remindIfDue()
            } catch {
                logger.warning("daily reminders failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(configuration.mailReminderPollInterval)) }
        }
    }

    /// The UTC day of `date` ("2026-12-07") and its hour.
    static func day(_ date: Date) -> (day: String, hour: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour], from: date)
        let text = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        return (text, parts.hour ?? 0)
    }

    /// Queues today's reminders not yet taken care of; returns how many mails it queued.
    @discardableResult
    func remindIfDue() async throws -> Int {
        guard let hour = configuration.mailReminderHour else { return 0 }
        let now = clock.now
        let (today, currentHour) = Self.day(now)
        guard currentHour >= hour else { return 0 }
        let candidates = try await store.read { reader -> [MemberID] in
            var due: [MemberID] = []
            for email in try await reader.confirmedEmailMembers() where (try await reader.reminderDay(member: email.member) ?? "") < today {
                due.append(email.member)
            }
            return due
        }
        guard !candidates.isEmpty else { return 0 }
        let waiting = try await store.read { try await Self.waiting(reader: $0, now: now) }
        var queued = 0
        for member in candidates {
            let statements = waiting[member] ?? []
            let sent = try await store.write { tx -> Bool in
                guard try await tx.claimReminder(member: member, day: today), !statements.isEmpty else { return false }
                try await MailOutbox.notify([member], in: tx, at: now, configuration: configuration) { record in
                    StatementMail.reminder(statements, for: record, now: now, configuration: configuration)
                }
                return true
            }
            if sent { queued += 1 }
        }
        return queued
    }

    /// For each member, the pending statements not expired at `now` whose policy names them, which
    /// they did not create and have not voted on, oldest first.
    static func waiting(reader: any StoreReader, now: Date) async throws -> [MemberID: [StatementRecord]] {
        var result: [MemberID: [StatementRecord]] = [:]
        let pending = try await reader.statements(StatementFilter(state: .pending), before: nil, limit: statementLimit)
        for record in pending.reversed() where record.expiresAt.map({ $0 > now }) ?? true {
            let statement = try StatementRecords.statement(record)
            let voters = Set(try await reader.votes(statement: record.id).map(\.member))
            for member in try await StatementMail.named(by: statement, reader: reader) where member != record.creator && !voters.contains(member) {
                result[member, default: []].append(record)
            }
        }
        return result
    }
}
