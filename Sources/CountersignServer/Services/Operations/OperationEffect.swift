import Countersign
import CountersignJSON
import CountersignStore
import Foundation

/// What each kind of operation checks and does. `check` runs when the admin schedules the
/// operation (a refusal is the admin's 404, 409 or 422) and again, inside the runner's
/// transaction, before `perform`: the world may have changed during the delay, and an operation
/// whose target is gone fails instead of doing something else.
enum OperationEffect {
    /// What a run did: its result, and the member whose undecided statements to re-evaluate.
    struct Outcome: Sendable {
        var result: JSONObject
        var reevaluate: MemberID?
    }

    static func check(_ operation: OperationRecord, reader: any StoreReader) async throws {
        switch operation.kind {
        case .keyDelete:
            _ = try await liveKey(operation.target, reader: reader)
        case .passkeyDelete:
            _ = try await livePasskey(operation.target, reader: reader)
        case .memberRemove:
            _ = try await presentMember(operation, reader: reader)
        case .memberRoles:
            _ = try await presentMember(operation, reader: reader)
            _ = try roles(operation)
        case .policyReplace:
            _ = try await replacement(operation, reader: reader)
        case .memberRecover:
            let member = try await presentMember(operation, reader: reader)
            guard member.status == .active else {
                throw ServiceError.conflict("member_not_active", "the member is \(member.status.rawValue); only an active member is recovered")
            }
        case .keyEnrol:
            // The key itself is stored with the operation, so it is checked when the run performs it.
            let member = try await presentMember(operation, reader: reader)
            if let refusal = MemberStatusCheck.refusal(member) { throw refusal }
        }
    }

    /// Checks and performs the operation in `tx`, auditing the effect's own action.
    static func perform(_ operation: OperationRecord, in tx: any StoreTransaction, at now: Date) async throws -> Outcome {
        try await check(operation, reader: tx)
        let details: JSONObject = ["operation": .string(operation.id)]
        switch operation.kind {
        case .keyDelete:
            guard let key = try await tx.lockKey(kid: operation.target), key.revokedAt == nil else {
                throw ServiceError.conflict("key_revoked", "the key is already revoked")
            }
            let revokedAt = KeyRecord.revocationTime(committedAt: now)
            _ = try await tx.revokeKey(kid: key.kid, at: revokedAt)
            var audited = details
            audited["member"] = .string(key.member.rawValue)
            audited["revokedAt"] = .string(Timestamp.format(revokedAt))
            _ = try await tx.appendAudit(actor: "admin", action: "key.deleted", subject: key.kid, details: audited, at: now)
            return Outcome(result: ["revokedAt": .string(Timestamp.format(revokedAt))], reevaluate: key.member)
        case .passkeyDelete:
            let passkey = try await livePasskey(operation.target, reader: tx)
            _ = try await tx.lockPasskeys(member: passkey.member)
            guard try await tx.revokePasskey(credentialID: passkey.credentialID, at: now) else {
                throw ServiceError.conflict("passkey_revoked", "the passkey is already revoked")
            }
            var audited = details
            audited["credentialId"] = .string(operation.target)
            _ = try await tx.appendAudit(actor: "admin", action: "passkey.deleted", subject: passkey.member.rawValue, details: audited, at: now)
            return Outcome(result: ["deletedAt": .string(Timestamp.format(now))], reevaluate: nil)
        case .memberRemove:
            return try await MemberRemoval.remove(try await presentMember(operation, reader: tx), operation: operation, in: tx, at: now)
        case .memberRoles:
            var member = try await presentMember(operation, reader: tx)
            member.roles = try roles(operation)
            try await tx.updateMember(member)
            var audited = details
            audited["roles"] = .array(member.roles.map { .string($0.rawValue) })
            audited["status"] = .string(member.status.rawValue)
            _ = try await tx.appendAudit(actor: "admin", action: "member.roles_changed", subject: member.id.rawValue, details: audited, at: now)
            return Outcome(result: ["roles": audited["roles"] ?? .array([])], reevaluate: nil)
        case .policyReplace:
            let (id, name, policy) = try await replacement(operation, reader: tx)
            try await tx.insertPolicy(PolicyRecord(id: id, version: 0, name: name, policy: policy.canonicalBytes, createdAt: now))
            let version = try await tx.policy(id)?.version ?? 0
            var audited = details
            audited["name"] = .string(name)
            audited["version"] = .number(Double(version))
            _ = try await tx.appendAudit(actor: "admin", action: "policy.stored", subject: id.rawValue, details: audited, at: now)
            return Outcome(result: ["version": .number(Double(version))], reevaluate: nil)
        case .memberRecover:
            return try await AccountRecovery.recover(try await presentMember(operation, reader: tx), operation: operation, in: tx, at: now)
        case .keyEnrol:
            // The key became valid at the due time by its validFrom; running records that.
            let key = try await liveKey(operation.target, reader: tx)
            guard key.member == operation.member, key.method == "admin-token" else {
                throw ServiceError.conflict("key_mismatch", "the key is not the member's admin-enrolled key")
            }
            var audited = details
            audited["member"] = .string(key.member.rawValue)
            audited["validFrom"] = .string(Timestamp.format(key.validFrom))
            _ = try await tx.appendAudit(actor: "admin", action: "key.activated", subject: key.kid, details: audited, at: now)
            return Outcome(result: ["validFrom": .string(Timestamp.format(key.validFrom))], reevaluate: nil)
        }
    }

    // MARK: Targets

    static func liveKey(_ kid: String, reader: any StoreReader) async throws -> KeyRecord {
        guard IdentifierText.isBase64URL(kid, maxLength: 128), let key = try await reader.key(kid: kid) else { throw ServiceError.notFound("the key") }
        guard key.revokedAt == nil else { throw ServiceError.conflict("key_revoked", "the key is already revoked") }
        return key
    }

    static func livePasskey(_ id: String, reader: any StoreReader) async throws -> PasskeyRecord {
        guard IdentifierText.isBase64URL(id, maxLength: 1366), let credentialID = try? Base64URL.decode(id),
              let passkey = try await reader.passkey(credentialID: credentialID)
        else { throw ServiceError.notFound("the passkey") }
        guard passkey.revokedAt == nil else { throw ServiceError.conflict("passkey_revoked", "the passkey is already deleted or revoked") }
        return passkey
    }

    /// The operation's member, present (not removed).
    static func presentMember(_ operation: OperationRecord, reader: any StoreReader) async throws -> MemberRecord {
        guard let id = operation.member, let member = try await reader.member(id) else { throw ServiceError.notFound("the member") }
        guard member.status != .removed else { throw ServiceError.conflict("member_removed", "the member was removed") }
        return member
    }

    static func roles(_ operation: OperationRecord) throws -> [Role] {
        guard let value = OperationJSON.parsed(operation.details).objectValue?["roles"] else {
            throw ServiceError.unprocessable("invalid_roles", "the operation names no roles")
        }
        do {
            return try MemberFields.roles(value)
        } catch {
            throw ServiceError.unprocessable(error.code, error.message)
        }
    }

    /// The policy id, name and new policy of a replacement; the policy must exist.
    static func replacement(_ operation: OperationRecord, reader: any StoreReader) async throws -> (PolicyID, String, Policy) {
        guard let id = try? PolicyID(operation.target), try await reader.policy(id) != nil else { throw ServiceError.notFound("policy \(operation.target)") }
        let details = OperationJSON.parsed(operation.details).objectValue ?? [:]
        guard let name = details["name"]?.stringValue, !name.isEmpty, name.count <= 200, IdentifierText.isOneLine(name) else {
            throw ServiceError.unprocessable("invalid_name", "a policy name is one line of 1 to 200 characters")
        }
        do {
            return (id, name, try Policy(json: details["policy"] ?? .null))
        } catch {
            throw ServiceError.unprocessable(error.code, error.description)
        }
    }
}
