import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignStore
import CountersignWebAuthn
import Hummingbird

/// Reading the requests of the ceremonies a passkey assertion authorises (revoking a key or a
/// passkey, adding a passkey, deciding on an operation): the options request, with an empty body
/// or `{}`, and the decision, `{"ceremony","response"}`.
enum AssertionRequest {
    /// The member asking for options, counted against the ceremony rate limit of their address.
    static func optionsCaller(_ request: Request, _ context: ServerRequestContext, environment: ServerEnvironment) async throws -> MemberRecord {
        let bytes = try await request.bodyBytes(limit: 1024)
        let member = try await MemberAuthenticator(environment: environment).member(of: request, body: bytes, context: context)
        if !bytes.isEmpty { try JSONParser(limits: .init(maxBytes: 1024, maxDepth: 2)).parseObject(bytes).allowOnly([]) }
        try await environment.limitCeremonies(from: context.clientAddress)
        return member
    }

    /// The answer to an options request: {"options","ceremony"}.
    static func options(_ started: (options: JSONValue, id: String)) -> Response {
        .json(["options": started.options, "ceremony": .string(started.id)])
    }

    /// The body of a decision, `{"ceremony","response"}`; empty (or `{}`) is 400
    /// `passkey_required`, naming the options route to call first.
    static func body(_ bytes: [UInt8], optionsRoute: String) throws -> JSONObject {
        let body = bytes.isEmpty ? JSONObject() : try Request.jsonObject(from: bytes, limit: 64 * 1024, maxDepth: 16)
        guard !body.keys.isEmpty else {
            throw ServiceError.invalid("passkey_required", "send {\"ceremony\",\"response\"}: a passkey assertion from POST \(optionsRoute)")
        }
        return body
    }

    /// The ceremony id and the assertion of a decision's body.
    static func assertion(_ body: JSONObject) throws -> (ceremony: String, response: AuthenticationResponseJSON) {
        try body.allowOnly(["ceremony", "response"])
        return (try body.requiredString("ceremony"), try PasskeyRoutes.assertionResponse(body))
    }
}
