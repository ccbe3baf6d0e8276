import Countersign
import CountersignJSON
import Foundation

/// Statements and votes (member credentials).
extension CountersignClient {
    /// The policy a new statement is held to: inline policy JSON, or a stored policy's id.
    public enum StatementPolicy: Sendable {
        case inline(JSONValue)
        case stored(id: String)
    }

    /// Creates (freezes) a statement; the creator is the signing member. `template` is the id of
    /// the template it started from (recorded by the server, not signed).
    public func createStatement(
        title: String, content: JSONValue, policy: StatementPolicy, expiresAt: Date? = nil, template: String? = nil
    ) async throws(CountersignClientError) -> StatementView {
        var body: JSONObject = ["title": .string(title), "content": content]
        if let template { body["templateId"] = .string(template) }
        switch policy {
        case .inline(let json): body["policy"] = json
        case .stored(let id): body["policyId"] = .string(id)
        }
        if let expiresAt { body["expiresAt"] = .string(Timestamp.format(expiresAt)) }
        return try StatementView(try await object(.POST, "/api/statements", body: .object(body), expected: [201]))
    }

    /// One page of statements, newest first, optionally filtered by state and creator.
    public func statements(
        state: String? = nil, creator: String? = nil, cursor: String? = nil, limit: Int? = nil
    ) async throws(CountersignClientError) -> StatementPage {
        try await statements(StatementListFilter(state: state, creator: creator), cursor: cursor, limit: limit)
    }

    /// One page of statements matching `filter` (docs/api.md, "Listing and searching statements").
    public func statements(
        _ filter: StatementListFilter, cursor: String? = nil, limit: Int? = nil
    ) async throws(CountersignClientError) -> StatementPage {
        let query = QueryString(filter.parameters + [("cursor", cursor), ("limit", limit.map(String.init))])
        return try StatementPage(try await object(.GET, "/api/statements" + query.text))
    }

    /// The statement with its payload, digest, state, explanation and votes.
    public func statement(_ id: String) async throws(CountersignClientError) -> StatementView {
        try StatementView(try await object(.GET, "/api/statements/\(try PathSegment(id).text)"))
    }

    /// Approves with a signature entry (see `VoteSignature`); returns the statement after the vote.
    public func approve(_ id: String, signature: JSONObject) async throws(CountersignClientError) -> StatementView {
        try await submitVote("approvals", id, signature)
    }

    /// Rejects with a signature entry over the rejection document; returns the statement after it.
    /// With `reason`, the entry must sign the `rejection/v2` document with exactly that reason.
    public func reject(_ id: String, signature: JSONObject, reason: String? = nil) async throws(CountersignClientError) -> StatementView {
        try await submitVote("rejections", id, signature, reason: reason)
    }

    /// Signs a vote of `kind` with the member's key on exactly what the server shows, and submits it.
    /// A rejection's `reason` is signed with it (`rejection/v2`), exactly as given.
    public func vote(_ kind: VoteKind, on statement: StatementView, reason: String? = nil) async throws(CountersignClientError) -> StatementView {
        guard case .member(let key) = credentials else { throw .invalidRequest("voting needs member credentials") }
        let entry = try VoteSignature.entry(kind, on: statement, key: key, reason: reason)
        if kind == .approve { return try await approve(statement.id, signature: entry) }
        return try await reject(statement.id, signature: entry, reason: reason)
    }

    /// Withdraws the member's vote (DELETE /api/statements/{id}/votes/me) while it is not final.
    /// `reason` is recorded by the server, not signed.
    public func withdrawVote(_ id: String, reason: String? = nil) async throws(CountersignClientError) -> StatementView {
        try StatementView(try await object(
            .DELETE, "/api/statements/\(try PathSegment(id).text)/votes/me", body: reason.map { .object(["reason": .string($0)]) }))
    }

    /// The statement's comment thread, oldest first (its creator and the members its policy names only).
    public func comments(_ id: String) async throws(CountersignClientError) -> [StatementComment] {
        try await object(.GET, "/api/statements/\(try PathSegment(id).text)/comments").array("comments", StatementComment.init)
    }

    /// Adds a comment, exactly as given, to the statement's thread.
    public func comment(_ id: String, text: String) async throws(CountersignClientError) -> StatementComment {
        try StatementComment(try await object(
            .POST, "/api/statements/\(try PathSegment(id).text)/comments", body: .object(["text": .string(text)]), expected: [201]))
    }

    /// Cancels a statement the member created.
    public func cancelStatement(_ id: String) async throws(CountersignClientError) -> StatementView {
        try StatementView(try await object(.POST, "/api/statements/\(try PathSegment(id).text)/cancel"))
    }

    /// The approvals (or rejections) as one General JWS JSON object.
    public func envelope(_ id: String, kind: VoteKind = .approve) async throws(CountersignClientError) -> JSONObject {
        let suffix = kind == .approve ? "" : "?kind=rejections"
        return try await object(.GET, "/api/statements/\(try PathSegment(id).text)/envelope" + suffix).object
    }

    /// The evidence bundle (docs/formats.md) as the server's bytes, for `countersign verify`.
    public func evidence(_ id: String) async throws(CountersignClientError) -> [UInt8] {
        let bytes = try await send(.GET, "/api/statements/\(try PathSegment(id).text)/evidence", limit: Self.maxEvidenceBytes)
        _ = try ResponseObject(parsing: bytes, what: "GET evidence of \(id)")
        return bytes
    }

    private func submitVote(
        _ route: String, _ id: String, _ signature: JSONObject, reason: String? = nil
    ) async throws(CountersignClientError) -> StatementView {
        var body: JSONObject = ["signature": .object(signature)]
        if let reason { body["reason"] = .string(reason) }
        return try StatementView(try await object(
            .POST, "/api/statements/\(try PathSegment(id).text)/\(route)", body: .object(body), expected: [201]))
    }
}
