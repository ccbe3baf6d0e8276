import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignStore
import Foundation
import Hummingbird

/// Statements (docs/api.md): create, list, show, vote, withdraw, cancel, envelope.
struct StatementRoutes: Sendable {
    let environment: ServerEnvironment
    var members: MemberAuthenticator { MemberAuthenticator(environment: environment) }
    var statements: StatementService { environment.services.statements }
    var votes: VoteService { environment.services.votes }

    static let maxPageSize = 200

    func register(on router: Router<ServerRequestContext>) {
        let group = router.group("api/statements")
        group.post { request, context in try await create(request, context) }
        group.get { request, context in try await list(request, context) }
        group.get(":id") { request, context in
            _ = try await members.member(of: request, context: context)
            return Response.json(StatementJSON.view(try await statements.snapshot(try Self.id(context))))
        }
        group.post(":id/approvals") { request, context in try await vote(.approve, request, context) }
        group.post(":id/rejections") { request, context in try await vote(.reject, request, context) }
        group.delete(":id/votes/me") { request, context in
            // An optional body {"reason": "…"}: recorded by the server, not signed.
            let bytes = try await request.bodyBytes(limit: Self.reasonBodyLimit)
            let member = try await members.member(of: request, body: bytes, context: context)
            let id = try Self.id(context)
            let reason = try Self.withdrawalReason(bytes)
            return Response.json(StatementJSON.view(try await votes.withdraw(by: member, on: id, reason: reason)))
        }
        group.post(":id/cancel") { request, context in
            let member = try await members.member(of: request, body: try await request.bodyBytes(limit: 1024), context: context)
            return Response.json(StatementJSON.view(try await votes.cancel(by: member, on: try Self.id(context))))
        }
        group.get(":id/envelope") { request, context in
            _ = try await members.member(of: request, context: context)
            let snapshot = try await statements.snapshot(try Self.id(context))
            let kind: VoteKind = request.uri.queryParameters["kind"] == "rejections" ? .reject : .approve
            return Response.json(.object(StatementJSON.envelope(snapshot, kind: kind).generalJSON))
        }
    }

    /// A body that carries at most a reason: 1,000 scalars of up to 4 UTF-8 bytes, escaped, fit.
    static let reasonBodyLimit = 16 * 1024

    /// The withdrawal's optional reason: an empty body, `{}`, or `{"reason": "…"}` (null = none).
    static func withdrawalReason(_ bytes: [UInt8]) throws -> String? {
        guard !bytes.isEmpty else { return nil }
        let body = try Request.jsonObject(from: bytes, limit: reasonBodyLimit, maxDepth: 4)
        try body.allowOnly(["reason"])
        return try optionalReason(body)
    }

    /// "reason" as a string, or nil when absent or null.
    static func optionalReason(_ body: JSONObject) throws -> String? {
        switch body["reason"] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw ServiceError.invalid("invalid_field", "\"reason\" must be a string or null")
        }
    }

    static func id(_ context: ServerRequestContext) throws -> StatementID {
        let text = try context.parameters.require("id")
        guard let id = try? StatementID(text) else { throw ServiceError.notFound("statement \(text)") }
        return id
    }

    /// The body's "policy" (inline JSON) and "policyId" (a stored policy); null counts as absent.
    static func policySource(_ body: JSONObject) throws -> (policy: JSONValue?, policyID: String?) {
        switch body["policyId"] {
        case nil, .null?: return (body["policy"] == .null ? nil : body["policy"], nil)
        case .string(let text)?: return (body["policy"] == .null ? nil : body["policy"], text)
        default: throw ServiceError.invalid("invalid_field", "\"policyId\" must be a string")
        }
    }

    /// The body's "templateId": the template the form started from (null counts as absent).
    static func templateID(_ body: JSONObject) throws(ServiceError) -> TemplateID? {
        switch body["templateId"] {
        case nil, .null?: return nil
        case .string(let text)?:
            guard let id = try? TemplateID(text) else { throw .unprocessable("template_unknown", "there is no template \(text.prefix(80)) to start from") }
            return id
        default: throw .invalid("invalid_field", "\"templateId\" must be a string or null")
        }
    }

    /// The statement's content: "contentText", the creator's JSON text as typed (the web form),
    /// read by the one strict reading of StatementContent, or "content", a JSON value inside the
    /// body (the CLI and client), already read strictly from the body's bytes. Exactly one.
    static func content(_ body: JSONObject) throws(ServiceError) -> JSONValue {
        switch (body["content"], body["contentText"]) {
        case (let value?, nil):
            return value
        case (nil, .string(let text)?):
            do throws(StatementError) {
                return try StatementContent.parse(Array(text.utf8))
            } catch {
                throw .unprocessable(error.code, error.description)
            }
        case (nil, _?):
            throw .invalid("invalid_field", "\"contentText\" must be a string: the content's JSON text as typed")
        case (nil, nil):
            throw .invalid("missing_field", "\"content\" (any JSON) or \"contentText\" (its JSON text) is required")
        case (_?, _?):
            throw .invalid("invalid_field", "give either \"content\" or \"contentText\", not both")
        }
    }

    private func create(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let limit = environment.configuration.maxBodyBytes
        let bytes = try await request.bodyBytes(limit: limit)
        let member = try await members.member(of: request, body: bytes, context: context)
        // Exact numbers on the whole body: content sent as a JSON value is read from these bytes,
        // and must be exactly what its sender wrote, as contentText is.
        let body = try Request.jsonObject(from: bytes, limit: limit, maxDepth: environment.configuration.maxJSONDepth, numbers: .exact)
        try body.allowOnly(["title", "content", "contentText", "policy", "policyId", "expiresAt", "templateId"])
        let title = try body.requiredString("title")
        let content = try Self.content(body)
        var expiresAt: Date?
        if let value = body["expiresAt"], value != .null {
            guard let text = value.stringValue, let date = Timestamp.parse(text) else {
                throw ServiceError.invalid("invalid_field", "\"expiresAt\" must be an RFC 3339 date-time or null")
            }
            expiresAt = date
        }
        let (policy, policyID) = try Self.policySource(body)
        let snapshot = try await statements.create(
            creator: member, title: title, content: content, policy: policy, policyID: policyID, expiresAt: expiresAt,
            template: try Self.templateID(body))
        return Response.json(StatementJSON.view(snapshot), status: .created, headers: [.location: "/api/statements/\(snapshot.record.id)"])
    }

    private func list(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let member = try await members.member(of: request, context: context)
        let query = try StatementListParameters.parse(request.uri.queryParameters, maxLimit: Self.maxPageSize)
        let page = try await statements.page(query, for: member, archiveAfter: environment.configuration.archiveAfter)
        let next: JSONValue = page.nextCursor.map { JSONValue.string(String($0)) } ?? .null
        return Response.json(["statements": .array(page.records.map(StatementJSON.summary)), "nextCursor": next])
    }

    /// A vote: a signed request's nonce is spent in the vote's own transaction (`SignatureNonce`),
    /// or alone when the request fails before or in it.
    private func vote(_ kind: VoteKind, _ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 64 * 1024)
        do {
            return try await vote(kind, request, bytes: bytes, context, useKeptSigner: true)
        } catch let stale as VoteService.SignerToConfirm {
            // The kept signer changed (`KeptSigners`): nothing was spent; authenticate from the store.
            environment.keptSigners.forget(kid: stale.kid)
            return try await vote(kind, request, bytes: bytes, context, useKeptSigner: false)
        }
    }

    private func vote(
        _ kind: VoteKind, _ request: Request, bytes: [UInt8], _ context: ServerRequestContext, useKeptSigner: Bool
    ) async throws -> Response {
        let (member, requestKey, nonce, kept) = try await members.memberDeferringNonce(
            of: request, body: bytes, context: context, useKept: useKeptSigner)
        do {
            let (id, entry, reason): (StatementID, JSONObject, String?)
            do {
                id = try Self.id(context)
                let body = try Request.jsonObject(from: bytes, limit: 64 * 1024, maxDepth: 16)
                // Only a rejection carries a reason, which its signature signs (rejection/v2).
                try body.allowOnly(kind == .reject ? ["signature", "reason"] : ["signature"])
                entry = try body.requiredObject("signature")
                reason = try Self.optionalReason(body)
            } catch {
                // Refused only after authenticating from the store (`KeptSigners`).
                if kept, let requestKey { throw VoteService.SignerToConfirm(kid: requestKey.kid) }
                try await nonce?.spendAlone(in: environment.store)
                throw error
            }
            let minimal = Preference.returnMinimal(in: request)
            let snapshot = try await votes.vote(
                kind, by: member, on: id, entry: entry, reason: reason, nonce: nonce, requestKey: requestKey, requestKeyKept: kept,
                withWithdrawals: !minimal)
            guard minimal else { return Response.json(StatementJSON.view(snapshot), status: .created) }
            let (receipt, compact) = try votes.receipt(of: kind, by: member.id, in: snapshot)
            var response = Response.json(VoteReceiptJSON.view(receipt, compact: compact), status: .created)
            response.headers[Preference.applied] = "return=minimal"
            return response
        } catch is SignatureNonce.Replay {
            throw await MemberSignatureAuthenticator(environment: environment).replayRefusal(
                of: request, keyid: nonce?.keyID ?? "", context: context)
        }
    }
}
