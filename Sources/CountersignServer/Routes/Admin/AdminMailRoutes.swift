import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// The mail outbox for the operator: `GET /api/admin/mail[?member=mem_…]`, the newest 200 mails
/// with their state and attempts, never their bodies (an invitation mail carries its link).
struct AdminMailRoutes: Sendable {
    let environment: ServerEnvironment
    static let limit = 200

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.get("mail") { request, context -> Response in
            _ = try await AdminRequest.authenticate(request, context, environment: environment)
            var member: MemberID?
            if let text = request.uri.queryParameters["member"].map(String.init) {
                guard let id = try? MemberID(text) else { throw ServiceError.invalid("invalid_query", "member must be a member id (mem_…)") }
                member = id
            }
            let mails = try await environment.services.emails.outbox(of: member, limit: Self.limit)
            return .json(["mail": .array(mails.map(Self.json))])
        }
    }

    static func json(_ mail: MailRecord) -> JSONValue {
        .object([
            "id": .string(mail.id), "member": mail.member.map { .string($0.rawValue) } ?? .null, "recipient": .string(mail.recipient),
            "kind": .string(mail.kind), "subject": .string(mail.subject), "messageId": .string(mail.messageID),
            "state": .string(mail.state.rawValue), "attempts": .number(Double(mail.attempts)),
            "lastError": mail.lastError.map { .string($0) } ?? .null,
            "createdAt": .string(Timestamp.format(mail.createdAt)), "sentAt": mail.sentAt.map { .string(Timestamp.format($0)) } ?? .null,
        ])
    }
}
