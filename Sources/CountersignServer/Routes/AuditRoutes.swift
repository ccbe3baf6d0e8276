import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// The audit log (docs/api.md): pages of events and the latest signed checkpoint.
struct AuditRoutes: Sendable {
    let environment: ServerEnvironment
    var members: MemberAuthenticator { MemberAuthenticator(environment: environment) }

    func register(on router: Router<ServerRequestContext>) {
        let group = router.group("api/audit")
        group.get { request, context in try await page(request, context) }
        group.get("checkpoint") { request, context in try await checkpoint(request, context) }
    }

    private func page(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        _ = try await members.member(of: request, context: context)
        let query = request.uri.queryParameters
        return try await Self.eventPage(
            after: query["after"].map(String.init), limit: query["limit"].map(String.init), redacted: true, environment: environment)
    }

    /// One page of events after `after` (default 0), at most `limit` (default 100); `next` is the
    /// cursor for the following page, null at the end. Shared by members and the admin: members
    /// get `redacted` events (private details, such as client addresses, as their commitment; the
    /// hashes unchanged, so their chain walk still verifies), the admin gets them as stored.
    static func eventPage(
        after afterText: String?, limit limitText: String?, redacted: Bool, environment: ServerEnvironment
    ) async throws -> Response {
        var after: Int64 = 0
        if let text = afterText {
            guard let value = Int64(text), value >= 0 else { throw ServiceError.invalid("invalid_query", "after must be a sequence number >= 0") }
            after = value
        }
        var limit = 100
        if let text = limitText {
            guard let value = Int(text), (1...AuditService.maxPage).contains(value) else {
                throw ServiceError.invalid("invalid_query", "limit must be between 1 and \(AuditService.maxPage)")
            }
            limit = value
        }
        let events = try await environment.services.auditReads.events(after: after, limit: limit)
        let next: JSONValue = events.count == limit ? events.last.map { .number(Double($0.seq)) } ?? .null : .null
        return .json(["events": .array(events.map { .object((redacted ? $0.redacted : $0).jsonObject) }), "next": next])
    }

    private func checkpoint(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        _ = try await members.member(of: request, context: context)
        let latest = try await environment.services.auditReads.latestCheckpoint()
        return .json([
            "checkpoint": .string(latest.jws), "size": .number(Double(latest.size)), "head": .string(latest.head),
            "at": .string(Timestamp.format(latest.at)), "serverKey": .object(environment.secrets.serverKey.publicKey.jsonObject()),
        ])
    }
}
