import Countersign
import CountersignJOSE
import CountersignStore
import Foundation
import Hummingbird

/// The member's side of dangerous operations: the pending ones that affect them, and
/// cancellation by a passkey assertion over a ceremony bound to the member and the operation
/// (one-time, expiring, user verification required), before the operation is due. Every refused
/// attempt is audited as `operation.cancel_refused`.
struct MemberOperationRoutes: Sendable {
    let environment: ServerEnvironment
    var members: MemberAuthenticator { MemberAuthenticator(environment: environment) }
    var ceremony: RevocationCeremony { RevocationCeremony(environment: environment) }
    static let refused = "operation.cancel_refused"

    func register(on router: Router<ServerRequestContext>) {
        router.get("/api/operations") { request, context in try await list(request, context) }
        router.post("/api/operations/:id/cancel/options") { request, context -> Response in
            let member = try await ceremony.optionsCaller(of: request, context: context)
            let operation = try await cancellable(try context.parameters.require("id"), by: member)
            return try await ceremony.begin(member: member, target: "operation:\(operation.id)", context: context)
        }
        router.post("/api/operations/:id/cancel") { request, context in try await cancel(request, context) }
        router.post("/api/operations/:id/confirm/options") { request, context -> Response in
            let member = try await ceremony.optionsCaller(of: request, context: context)
            let operation = try await confirmable(try context.parameters.require("id"), by: member)
            return try await ceremony.begin(member: member, target: "confirm:\(operation.id)", context: context)
        }
        router.post("/api/operations/:id/confirm") { request, context in try await confirm(request, context) }
    }

    /// "This was me": the member confirms an admin enrolment of a key for them with a passkey,
    /// and the key is valid at once (`OperationScheduler.confirm`). Refusals are audited
    /// `operation.confirm_refused`.
    private func confirm(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 64 * 1024)
        let member = try await members.member(of: request, body: bytes, context: context)
        let operation = try await confirmable(try context.parameters.require("id"), by: member)
        let revocation = Revocation(environment: environment)
        let body = try await revocation.audited(member, Self.confirmRefused, subject: operation.id) {
            try RevocationCeremony.assertionBody(bytes, optionsRoute: "/api/operations/{id}/confirm/options")
        }
        do {
            _ = try await ceremony.finish(body, member: member, target: "confirm:\(operation.id)", action: Self.confirmRefused)
        } catch let error as APIError where error.code == CeremonyKeeper.unknown.code {
            await AuditRecorder(environment: environment).refusal(
                actor: member.id.rawValue, action: Self.confirmRefused, subject: operation.id, error: error)
            throw error
        }
        let confirmed = try await revocation.audited(member, Self.confirmRefused, subject: operation.id) {
            try await OperationScheduler(environment: environment).confirm(operation.id, by: member.id)
        }
        return .json(OperationJSON.json(confirmed))
    }

    static let confirmRefused = "operation.confirm_refused"

    /// A pending operation the member may confirm: as `cancellable`, and a key enrolment
    /// (409 `operation_not_confirmable` otherwise).
    private func confirmable(_ text: String, by member: MemberRecord) async throws -> OperationRecord {
        let operation = try await cancellable(text, by: member)
        guard operation.kind == .keyEnrol else {
            let error = APIError.conflict("operation_not_confirmable", "only a key enrolment can be confirmed; this operation can only be cancelled")
            await AuditRecorder(environment: environment).refusal(actor: member.id.rawValue, action: Self.confirmRefused, subject: operation.id, error: error)
            throw error
        }
        return operation
    }

    /// Pending operations affecting the caller, newest first.
    private func list(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let member = try await members.member(of: request, context: context)
        let operations = try await environment.store.read { reader -> [OperationRecord] in
            var mine: [OperationRecord] = []
            for operation in try await reader.operations(state: .pending, limit: AdminOperationRoutes.listLimit) {
                if try await OperationAudience.members(of: operation, reader: reader).contains(member.id) { mine.append(operation) }
            }
            return mine
        }
        return .json(["operations": .array(operations.map(OperationJSON.json))])
    }

    private func cancel(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 64 * 1024)
        let member = try await members.member(of: request, body: bytes, context: context)
        let operation = try await cancellable(try context.parameters.require("id"), by: member)
        let body = try await audited(member, subject: operation.id) {
            try RevocationCeremony.assertionBody(bytes, optionsRoute: "/api/operations/{id}/cancel/options")
        }
        do {
            _ = try await ceremony.finish(body, member: member, target: "operation:\(operation.id)", action: Self.refused)
        } catch let error as APIError where error.code == CeremonyKeeper.unknown.code {
            // The other refusals of `finish` (mismatch, the passkey's) are audited inside it.
            await AuditRecorder(environment: environment).refusal(actor: member.id.rawValue, action: Self.refused, subject: operation.id, error: error)
            throw error
        }
        let cancelled = try await audited(member, subject: operation.id) {
            try await OperationScheduler(environment: environment).cancel(operation.id, by: member.id.rawValue, beforeDue: true)
        }
        return .json(OperationJSON.json(cancelled))
    }

    /// The operation `text` if the member may cancel it now: it exists and affects them (404
    /// otherwise, whether it exists or not), is pending (409 `operation_not_pending`) and not
    /// yet due (409 `operation_due`). Refusals are audited.
    private func cancellable(_ text: String, by member: MemberRecord) async throws -> OperationRecord {
        try await audited(member, subject: String(text.prefix(80))) {
            let id = try OperationJSON.id(text)
            let found = try await environment.store.read { reader -> OperationRecord? in
                guard let operation = try await reader.operation(id),
                      try await OperationAudience.members(of: operation, reader: reader).contains(member.id)
                else { return nil }
                return operation
            }
            guard let operation = found else { throw APIError.notFound("operation \(id)") }
            guard operation.state == .pending else {
                throw APIError.conflict("operation_not_pending", "the operation is \(operation.state.rawValue); only a pending one can be cancelled")
            }
            if let dueAt = operation.dueAt, dueAt <= environment.now {
                throw APIError.conflict("operation_due", "the operation was due at \(Timestamp.format(dueAt)); it can no longer be cancelled")
            }
            return operation
        }
    }

    private func audited<T>(_ member: MemberRecord, subject: String, _ body: () async throws -> T) async throws -> T {
        try await Revocation(environment: environment).audited(member, Self.refused, subject: subject, body)
    }
}
