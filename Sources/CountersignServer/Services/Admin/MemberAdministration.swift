import Countersign
import CountersignStore
import Foundation

/// Members as the admin manages them: create (service members, who enrol a key with a user token
/// instead of registering a passkey), list, show, suspend and reinstate. Role changes and removal
/// are dangerous operations (`OperationScheduler`).
struct MemberAdministration: Sendable {
    let store: any Store
    let clock: ServerClock
    let events: EventHub

    /// A member with what the admin sees of their credentials.
    struct Account: Sendable {
        let member: MemberRecord
        let passkeys: Int
        let keys: [KeyRecord]
    }

    /// Creates `member` (status invited) and audits `member.created`.
    func create(_ member: MemberRecord) async throws -> Account {
        let now = clock.now
        let account = try await store.write { tx in
            try await tx.insertMember(member)
            _ = try await tx.appendAudit(
                actor: "admin", action: "member.created", subject: member.id.rawValue,
                details: ["name": .string(member.name), "roles": .array(member.roles.map { .string($0.rawValue) })], at: now)
            return try await Self.account(member, reader: tx)
        }
        events.nudge()
        return account
    }

    /// Every member in `status` (all when nil), oldest first.
    func members(status wanted: MemberRecord.Status?) async throws -> [Account] {
        try await store.read { reader in
            let all = try await reader.allMembers().filter { wanted == nil || $0.status == wanted }
            let keys = Dictionary(grouping: try await reader.allKeys(), by: \.member)
            var list: [Account] = []
            for member in all.sorted(by: { ($0.createdAt, $0.id.rawValue) < ($1.createdAt, $1.id.rawValue) }) {
                let passkeys = try await reader.passkeys(member: member.id)
                list.append(Account(member: member, passkeys: passkeys.count, keys: keys[member.id] ?? []))
            }
            return list
        }
    }

    /// The member `id`; 404 when unknown.
    func account(_ id: MemberID) async throws -> Account {
        let found = try await store.read { reader -> Account? in
            guard let member = try await reader.member(id) else { return nil }
            return try await Self.account(member, reader: reader)
        }
        guard let found else { throw ServiceError.notFound("member \(id)") }
        return found
    }

    /// Suspends the member and ends their sessions.
    func suspend(_ id: MemberID) async throws -> Account {
        try await change(id, action: "member.suspended") { member, tx in
            guard member.status.mayBecome(.suspended) else {
                throw member.status == .removed
                    ? ServiceError.conflict("member_removed", "the member was removed")
                    : ServiceError.conflict("member_suspended", "the member is already suspended")
            }
            member.status = .suspended
            _ = try await tx.deleteSessions(member: member.id)
        }
    }

    /// Reinstates a suspended member: active when they have a passkey or a key, invited otherwise.
    func reinstate(_ id: MemberID) async throws -> Account {
        try await change(id, action: "member.reinstated") { member, tx in
            let hasPasskey = try await !tx.passkeys(member: member.id).isEmpty
            let hasKey = try await !tx.keys(member: member.id).isEmpty
            let next: MemberRecord.Status = hasPasskey || hasKey ? .active : .invited
            guard member.status == .suspended, member.status.mayBecome(next) else {
                throw ServiceError.conflict("member_not_suspended", "the member is not suspended")
            }
            member.status = next
        }
    }

    /// Applies `edit` to the member under the write transaction and audits `action` with the new status.
    private func change(
        _ id: MemberID, action: String, _ edit: @escaping @Sendable (inout MemberRecord, any StoreTransaction) async throws -> Void
    ) async throws -> Account {
        let now = clock.now
        let account = try await store.write { tx in
            guard var member = try await tx.member(id) else { throw ServiceError.notFound("member \(id)") }
            try await edit(&member, tx)
            try await tx.updateMember(member)
            _ = try await tx.appendAudit(
                actor: "admin", action: action, subject: id.rawValue, details: ["status": .string(member.status.rawValue)], at: now)
            return try await Self.account(member, reader: tx)
        }
        events.nudge()
        return account
    }

    private static func account(_ member: MemberRecord, reader: any StoreReader) async throws -> Account {
        Account(member: member, passkeys: try await reader.passkeys(member: member.id).count, keys: try await reader.keys(member: member.id))
    }
}
