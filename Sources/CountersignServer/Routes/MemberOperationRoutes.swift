import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// The member's side of dangerous operations: the pending ones that affect them, and the
/// member's decision on one by a passkey assertion over a ceremony bound to the member, the
/// operation and the decision (one-time, expiring, user verification required), before the
/// operation is due: cancelling any of them, or confirming a key the admin enrolled for them.
/// Every refused attempt is audited as `operation.cancel_refused` or `operation.confirm_refused`.
struct MemberOperationRoutes: Sendable {
    let environment: ServerEnvironment
    var members: MemberAuthenticator { MemberAuthenticator(environment: environment) }
    var ceremony: RevocationCeremony { environment.services.revocationCeremony }

    /// What a member decides on an operation with a passkey: the path segment, the audit action
    /// of its refusals, the ceremony target's prefix, and whether only a key enrolment qualifies.
    struct Decision: Sendable {
        let name: String
        /// The past participle, for messages ("cancelled", "confirmed").
        let done: String
        let refused: String
        let target: String
        let keyEnrolmentOnly: Bool
    }

    /// Cancelling: any pending operation that affects the member, before it is due.
    static let cancelling = Decision(name: "cancel", done: "cancelled", refused: "operation.cancel_refused", target: "operation:", keyEnrolmentOnly: false)
    /// Confirming ("this was me"): a key the admin enrolled for the member, valid at once.
    static let confirming = Decision(name: "confirm", done: "confirmed", refused: "operation.confirm_refused", target: "confirm:", keyEnrolmentOnly: true)

    func register(on router: Router<ServerRequestContext>) {
        let group = router.group("api/operations")
        group.get { request, context in try await list(request, context) }
        for decision in [Self.cancelling, Self.confirming] {
            group.post(":id/\(decision.name)/options") { request, context -> Response in
                let member = try await AssertionRequest.optionsCaller(request, context, environment: environment)
                let operation = try await eligible(try context.parameters.require("id"), by: member, for: decision)
                return AssertionRequest.options(try await ceremony.start(member: member, target: decision.target + operation.id))
            }
            group.post(":id/\(decision.name)") { request, context in try await decide(decision, request, context) }
        }
    }

    /// Pending operations affecting the caller, newest first.
    private func list(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let member = try await members.member(of: request, context: context)
        let operations = try await environment.services.memberOperations.pending(affecting: member.id)
        return .json(["operations": .array(operations.map(OperationJSON.json))])
    }

    /// Cancels (`OperationScheduler.cancel`) or confirms (`OperationScheduler.confirm`) the
    /// operation, with the assertion of a ceremony from the decision's options route. Every
    /// refusal is audited under the decision's action.
    private func decide(_ decision: Decision, _ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 64 * 1024)
        let member = try await members.member(of: request, body: bytes, context: context)
        let operation = try await eligible(try context.parameters.require("id"), by: member, for: decision)
        let (ceremonyID, response) = try await audited(member, decision, subject: operation.id) {
            try AssertionRequest.assertion(try AssertionRequest.body(bytes, optionsRoute: "/api/operations/{id}/\(decision.name)/options"))
        }
        do {
            _ = try await ceremony.finish(
                ceremony: ceremonyID, response: response, member: member, target: decision.target + operation.id, action: decision.refused)
        } catch let error as ServiceError where error.code == CeremonyKeeper.unknown.code {
            // The other refusals of `finish` (mismatch, the passkey's) are audited inside it.
            await environment.services.audit.refusal(actor: member.id.rawValue, action: decision.refused, subject: operation.id, error: error)
            throw error
        }
        let scheduler = environment.services.scheduler
        let decided = try await audited(member, decision, subject: operation.id) {
            decision.keyEnrolmentOnly
                ? try await scheduler.confirm(operation.id, by: member.id)
                : try await scheduler.cancel(operation.id, by: member.id.rawValue, beforeDue: true)
        }
        return .json(OperationJSON.json(decided))
    }

    /// The operation `text` if the member may decide on it now: it exists and affects them (404
    /// otherwise, whether it exists or not), is pending (409 `operation_not_pending`), not yet
    /// due (409 `operation_due`) and, for a confirmation, a key enrolment (409
    /// `operation_not_confirmable`). Refusals are audited.
    private func eligible(_ text: String, by member: MemberRecord, for decision: Decision) async throws -> OperationRecord {
        try await audited(member, decision, subject: String(text.prefix(80))) {
            let id = try OperationJSON.id(text)
            let found = try await environment.services.memberOperations.operation(id, affecting: member.id)
            guard let operation = found else { throw ServiceError.notFound("operation \(id)") }
            guard operation.state == .pending else {
                throw ServiceError.conflict(
                    "operation_not_pending", "the operation is \(operation.state.rawValue); only a pending one can be \(decision.done)")
            }
            if let dueAt = operation.dueAt, dueAt <= environment.now {
                throw ServiceError.conflict("operation_due", "the operation was due at \(Timestamp.format(dueAt)); it can no longer be \(decision.done)")
            }
            if decision.keyEnrolmentOnly, operation.kind != .keyEnrol {
                throw ServiceError.conflict("operation_not_confirmable", "only a key enrolment can be confirmed; this operation can only be cancelled")
            }
            return operation
        }
    }

    private func audited<T>(_ member: MemberRecord, _ decision: Decision, subject: String, _ body: () async throws -> T) async throws -> T {
        try await environment.services.revocation.audited(member, decision.refused, subject: subject, body)
    }
}
