import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// The member's own email address (`EmailService`): `GET`, `PUT` and `DELETE /api/account/email`,
/// and `POST /api/account/email/confirm` with the token from the confirmation mail. Every route
/// needs the member signed in: a confirmation link proves the mailbox, the session the member.
struct EmailRoutes: Sendable {
    let environment: ServerEnvironment
    var members: MemberAuthenticator { MemberAuthenticator(environment: environment) }
    var emails: EmailService { environment.services.emails }

    static let bodyLimit = 4 * 1024

    func register(on router: Router<ServerRequestContext>) {
        let group = router.group("api/account/email")
        group.get { request, context -> Response in
            let member = try await members.member(of: request, context: context)
            return .json(json(try await emails.address(of: member.id)))
        }
        group.put { request, context -> Response in
            let (member, body) = try await memberAndBody(request, context, field: "address")
            return .json(json(try await emails.set(body, for: member)))
        }
        group.delete { request, context -> Response in
            let member = try await members.member(of: request, context: context)
            try await emails.remove(for: member.id)
            return .json(json(nil))
        }
        group.post("confirm") { request, context -> Response in
            let (member, token) = try await memberAndBody(request, context, field: "token")
            return .json(json(try await emails.confirm(token, for: member.id)))
        }
    }

    /// The signed-in member and the one string field of the body.
    private func memberAndBody(_ request: Request, _ context: ServerRequestContext, field: String) async throws -> (MemberRecord, String) {
        let bytes = try await request.bodyBytes(limit: Self.bodyLimit)
        let member = try await members.member(of: request, body: bytes, context: context)
        let body = try Request.jsonObject(from: bytes, limit: Self.bodyLimit, maxDepth: 2)
        try body.allowOnly([field])
        return (member, try body.requiredString(field))
    }

    /// {"address", "confirmed", "mail"}: mail false when the server sends none.
    private func json(_ record: EmailRecord?) -> JSONValue {
        .object([
            "address": record.map { .string($0.address) } ?? .null,
            "confirmed": .bool(record?.isConfirmed ?? false),
            "mail": .bool(environment.configuration.mail != nil),
        ])
    }
}
