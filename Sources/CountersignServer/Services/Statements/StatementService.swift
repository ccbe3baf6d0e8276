import Countersign
import CountersignJSON
import CountersignStore
import CountersignWebAuthn
import Foundation

/// A statement with everything needed to show it: the frozen document, its votes and the policy
/// evaluated now.
struct StatementSnapshot: Sendable {
    let record: StatementRecord
    let statement: Statement
    let votes: [VoteRecord]
    let members: [MemberRecord]
    let evaluation: PolicyEvaluation
    /// The withdrawn votes with their reasons (recorded by the server, not signed).
    var withdrawals: [WithdrawalRecord] = []
    /// When the keys of the votes were revoked, by kid (only revoked keys; filled by reads).
    var keyRevocations: [String: Date] = [:]
}

/// Statements and votes: creation, reading with the live evaluation, and the vote transaction
/// in which a verified signature, the re-evaluation and their audit events commit together.
struct StatementService: Sendable {
    let store: any Store
    let clock: ServerClock
    let events: EventHub
    let audit: AuditRecorder
    let configuration: ServerConfiguration

    // MARK: Creating

    /// Freezes a new statement by `creator`. The policy is inline JSON or a stored policy's id.
    func create(
        creator: MemberRecord, title: String, content: JSONValue, policy source: JSONValue?, policyID: String?, expiresAt: Date?,
        template: TemplateID? = nil
    ) async throws -> StatementSnapshot {
        let now = clock.now
        let policy = try await resolvePolicy(source, policyID: policyID)
        let members = try await store.read { try await $0.allMembers() }
        try Self.requireReachable(policy, members: members, creator: creator.id)
        let statement: Statement
        do {
            statement = try Statement(
                id: StatementID(randomBytes: ServerSecrets.randomBytes(16)), title: title, content: content, creator: creator.id,
                createdAt: now, expiresAt: expiresAt, policy: policy)
        } catch let error as StatementError {
            throw ServiceError.unprocessable(error.code, error.description)
        }
        let evaluation = statement.evaluate(votes: [], members: members.map(\.member), now: now)
        var record = StatementRecord(
            id: statement.id, creator: creator.id, title: title, document: statement.canonicalBytes, digest: statement.digest,
            status: StatementStatus(evaluation), createdAt: now, expiresAt: statement.effectiveExpiry, updatedAt: now)
        record.searchText = StatementSearchText.of(title: title, content: content)
        record.dueAt = evaluation.nextChangeAt
        let frozen = record
        let configuration = configuration
        record.seq = try await store.write { tx in
            let seq = try await tx.insertStatement(frozen)
            var details: JSONObject = ["digest": .string(statement.digest), "title": .string(title), "state": .string(evaluation.state.rawValue)]
            if let template {
                // The template the form started from: recorded by the server for the comparison
                // shown to readers, never part of what is signed.
                guard let stored = try await tx.template(template), stored.removedAt == nil else {
                    throw ServiceError.unprocessable("template_unknown", "there is no template \(template) to start from")
                }
                try await tx.linkStatementTemplate(statement: statement.id, template: template)
                details["template"] = .string(template.rawValue)
            }
            _ = try await tx.appendAudit(
                actor: creator.id.rawValue, action: "statement.created", subject: statement.id.rawValue, details: details, at: now)
            try await StatementMail.announceCreated(frozen, statement, creator: creator, in: tx, at: now, configuration: configuration)
            return seq
        }
        events.nudge()
        return StatementSnapshot(record: record, statement: statement, votes: [], members: members, evaluation: evaluation)
    }

    /// Refuses (422 policy_unreachable, with the reasons) a policy that can never be satisfied by
    /// `members` with `creator` as the statement's creator (nil: no creator yet, nobody's approval
    /// excluded).
    static func requireReachable(_ policy: Policy, members: [MemberRecord], creator: MemberID?) throws {
        let reachability = policy.reachability(members: members.map(\.member), creator: creator)
        guard reachability.reachable else {
            var reasons: [String] = []
            if !reachability.unknownMembers.isEmpty { reasons.append("unknown members \(reachability.unknownMembers.map(\.rawValue).joined(separator: ", "))") }
            if !reachability.unheldRoles.isEmpty { reasons.append("roles nobody holds: \(reachability.unheldRoles.map(\.rawValue).joined(separator: ", "))") }
            reasons.append("at most \(reachability.possibleWeight) of \(reachability.threshold) can be reached")
            throw ServiceError.unprocessable("policy_unreachable", "the policy can never be satisfied: " + reasons.joined(separator: "; "))
        }
    }

    /// The policy of a new statement: inline JSON or a stored policy's latest version.
    func resolvePolicy(_ source: JSONValue?, policyID: String?) async throws -> Policy {
        switch (source, policyID) {
        case (let source?, nil):
            do {
                return try Policy(json: source)
            } catch {
                throw ServiceError.unprocessable(error.code, error.description)
            }
        case (nil, let text?):
            guard let id = try? PolicyID(text), let stored = try await store.read({ try await $0.policy(id) }) else {
                throw ServiceError.notFound("policy \(text)")
            }
            do {
                return try Policy(json: stored.policy)
            } catch {
                throw StoreError.corruptRow("policy \(text): \(error)")
            }
        default:
            throw ServiceError.invalid("policy_required", "give exactly one of \"policy\" and \"policyId\"")
        }
    }

    // MARK: Reading

    /// The active members, by name: the directory a member drafts a policy from.
    func activeMembers() async throws -> [MemberRecord] {
        let all = try await store.read { try await $0.allMembers() }
        return all.filter { $0.status == .active }.sorted { ($0.name, $0.id.rawValue) < ($1.name, $1.id.rawValue) }
    }

    /// The member directory by name: the active members, and the suspended and removed ones
    /// (whose past votes, rejections and comments still name them). Invited members who never
    /// registered a passkey have done nothing to name, and are left out. `emails` holds the
    /// confirmed address of each listed member who shares their name (case aside) with another
    /// listed member, and of no one else: the one place where members see each other's email,
    /// because a name alone would not tell the two apart.
    func directory() async throws -> (active: [MemberRecord], inactive: [MemberRecord], emails: [MemberID: String]) {
        let (all, emails) = try await store.read { reader -> ([MemberRecord], [MemberID: String]) in
            let listed = try await reader.allMembers().filter { $0.status == .active || $0.status == .suspended || $0.status == .removed }
            let namesakes = Dictionary(grouping: listed) { Member.namesakeKey($0.name) }.values.filter { $0.count > 1 }.flatMap { $0.map(\.id) }
            let emails = namesakes.isEmpty ? [] : try await reader.confirmedEmails(namesakes)
            return (listed, Dictionary(emails.map { ($0.member, $0.address) }, uniquingKeysWith: { first, _ in first }))
        }
        let sorted = all.sorted { ($0.name, $0.id.rawValue) < ($1.name, $1.id.rawValue) }
        return (sorted.filter { $0.status == .active }, sorted.filter { $0.status != .active }, emails)
    }

    /// A policy checked exactly as statement creation checks it (valid, reachable with the
    /// current members and `creator` as the creator) and described in words. Changes nothing.
    func explain(_ source: JSONValue?, policyID: String?, creator: MemberID) async throws -> (Policy, PolicyDescription) {
        let policy = try await resolvePolicy(source, policyID: policyID)
        let all = try await store.read { try await $0.allMembers() }
        try Self.requireReachable(policy, members: all, creator: creator)
        return (policy, Self.describe(policy, members: all))
    }

    /// The policy in words, members named from the directory, namesakes told apart by id (the
    /// one wording every explanation and statement view uses).
    static func describe(_ policy: Policy, members: [MemberRecord]) -> PolicyDescription {
        PolicyDescription(policy, members: members.map(\.member))
    }

    /// The statement and its live evaluation. A time-driven change (a time lock ending, an
    /// expiry, a wait maturing) is written back with its audit event the first time it is seen.
    func snapshot(_ id: StatementID) async throws -> StatementSnapshot {
        let found = try await store.read { reader -> (StatementRecord, [VoteRecord], [MemberRecord], [WithdrawalRecord])? in
            guard let record = try await reader.statement(id) else { return nil }
            return (record, try await reader.votes(statement: id), try await reader.allMembers(), try await reader.withdrawals(statement: id))
        }
        guard let (record, votes, members, withdrawals) = found else { throw ServiceError.notFound("statement \(id)") }
        let statement = try StatementRecords.statement(record)
        let now = clock.now
        let evaluation = statement.evaluate(votes: try votes.map(StatementRecords.policyVote), members: members.map(\.member), now: now)
        var snapshot = StatementSnapshot(record: record, statement: statement, votes: votes, members: members, evaluation: evaluation)
        if !record.status.state.isFinal, StatementStatus(evaluation) != record.status {
            snapshot = try await settle(id)
        }
        snapshot.keyRevocations = try await keyRevocations(of: snapshot.votes)
        snapshot.withdrawals = withdrawals
        return snapshot
    }

    /// The revocation times of the votes' keys that are revoked.
    private func keyRevocations(of votes: [VoteRecord]) async throws -> [String: Date] {
        let kids = Set(votes.map(\.kid)).sorted()
        return try await store.read { reader -> [String: Date] in
            var revoked: [String: Date] = [:]
            for kid in kids {
                if let revokedAt = try await reader.key(kid: kid)?.revokedAt { revoked[kid] = revokedAt }
            }
            return revoked
        }
    }

    /// Re-evaluates under the row lock and records a changed status.
    private func settle(_ id: StatementID) async throws -> StatementSnapshot {
        let (snapshot, _) = try await store.write { tx in try await settle(id, in: tx, keepingDueAt: true) }
        events.nudge()
        return snapshot
    }

    /// Settles a statement whose deadline (`dueAt`) has passed, for `StatementDeadlines`: the
    /// status is recorded if it changed, and the next deadline is stored either way (a wait that
    /// matured with no vote under it changes nothing but is no longer due). Exactly one instance
    /// records a transition: the row lock orders them, and the second finds the status current.
    func settleDue(_ id: StatementID) async throws {
        let (_, changed) = try await store.write { tx in try await settle(id, in: tx, keepingDueAt: false) }
        if changed { events.nudge() }
    }

    /// The settling itself, in `tx`, and whether the status changed: with `keepingDueAt` false,
    /// an unchanged status still stores the evaluation's next deadline (nil once final).
    private func settle(
        _ id: StatementID, in tx: any StoreTransaction, keepingDueAt: Bool
    ) async throws -> (snapshot: StatementSnapshot, changed: Bool) {
        guard let record = try await tx.lockStatement(id) else { throw ServiceError.notFound("statement \(id)") }
        let now = max(clock.now, record.updatedAt)
        let statement = try StatementRecords.statement(record)
        let votes = try await tx.votes(statement: id)
        let members = try await tx.allMembers()
        let evaluation = statement.evaluate(votes: try votes.map(StatementRecords.policyVote), members: members.map(\.member), now: now)
        var updated = record
        let changed = !record.status.state.isFinal && StatementStatus(evaluation) != record.status
        if changed {
            updated = try await StatusChange.record(
                StatementStatus(evaluation), of: record, nextChangeAt: evaluation.nextChangeAt, actor: "server", in: tx, at: now,
                configuration: configuration)
        } else if !keepingDueAt {
            try await tx.setStatementDue(id, dueAt: record.status.state.isFinal ? nil : evaluation.nextChangeAt)
        }
        return (StatementSnapshot(record: updated, statement: statement, votes: votes, members: members, evaluation: evaluation), changed)
    }
}
