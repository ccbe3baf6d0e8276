/// The API description served at /openapi.yaml (OpenAPI 3.1). Kept beside the routes so that a
/// route change and its description change in one commit; schemathesis checks them against each
/// other in the test suite.
enum OpenAPIDocument {
    static let yaml = #"""
openapi: 3.1.0
info:
  title: Countersign
  version: "1"
  summary: Multi-party approval of statements with passkeys.
  description: |
    The HTTP API of a Countersign server, as the routes in Sources/CountersignServer/Routes
    implement it. Every refusal is a JSON object {"error":{"code","message"}} with a 4xx status.
    State-changing requests under /api/ (anything but GET, HEAD and OPTIONS) must carry an Origin
    header naming one of the server's configured origins, or they are refused with 403
    (codes origin_required, origin_not_allowed) before anything else happens; /api/admin/* and
    /api/keys/enrol are exempt because they authenticate by their own signature or token.
    Request bodies are strict I-JSON objects: duplicate names, invalid Unicode and excessive nesting
    are refused with 400, bodies over the route's limit with 413.
servers:
  - url: /
tags:
  - name: passkeys
    description: Registration with an invitation, discoverable login, logout, the session probe.
  - name: keys
    description: Signing keys attested by a passkey or enrolled with a user token.
  - name: statements
    description: Statements, votes, envelopes and evidence bundles.
  - name: members
    description: The member directory members read to choose a policy's signers.
  - name: policies
    description: Stored policies as members see them, and a policy explained in words.
  - name: audit
    description: The hash-chained audit log and its signed checkpoints.
  - name: log
    description: The witnessed transparency log (docs/transparency.md).
  - name: events
    description: Server-sent events for statement changes.
  - name: admin
    description: Administration, authenticated by an RFC 9421 signature with the ADMIN_KEY.
  - name: operations
    description: Health, readiness, metrics and this document.
paths:
  /api/registration/options:
    post:
      tags: [passkeys]
      operationId: registrationOptions
      summary: Begin registering a passkey with an invitation token
      description: Rate limited per client address (ceremony limiter).
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [invite]
              properties:
                invite:
                  type: string
                  description: The invitation token from `countersign admin invite`.
      responses:
        "200":
          description: Creation options and the ceremony to finish with /api/registration/verify.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/CeremonyOptions"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/registration/verify:
    post:
      tags: [passkeys]
      operationId: registrationVerify
      summary: Finish registration; creates the passkey and a session
      description: Rate limited per client address (ceremony limiter).
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [ceremony, response]
              properties:
                ceremony: {type: string}
                response: {$ref: "#/components/schemas/WebAuthnResponse"}
      responses:
        "201":
          description: |
            The member (now active) and the new credential; sets the session cookie. With a
            recovery invitation: no cookie, the passkey waits for the recovery operation, and
            "recovery" gives the operation and its due time.
          headers:
            Set-Cookie: {$ref: "#/components/headers/SessionCookie"}
          content:
            application/json:
              schema:
                type: object
                required: [member, credentialId]
                properties:
                  member: {$ref: "#/components/schemas/Member"}
                  credentialId: {type: string, description: base64url}
                  recovery:
                    type: object
                    required: [operation, dueAt]
                    properties:
                      operation: {type: string}
                      dueAt: {$ref: "#/components/schemas/NullableTimestamp"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "409": {$ref: "#/components/responses/Conflict"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/login/options:
    post:
      tags: [passkeys]
      operationId: loginOptions
      summary: Begin a discoverable passkey login
      description: The body may be empty or an empty JSON object (at most 1024 bytes). Rate limited.
      requestBody:
        required: false
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              maxProperties: 0
      responses:
        "200":
          description: Request options and the ceremony to finish with /api/login/verify.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/CeremonyOptions"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/login/verify:
    post:
      tags: [passkeys]
      operationId: loginVerify
      summary: Finish a login; creates a session
      description: Rate limited per client address (ceremony limiter).
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [ceremony, response]
              properties:
                ceremony: {type: string}
                response: {$ref: "#/components/schemas/WebAuthnResponse"}
      responses:
        "200":
          description: The member; sets the session cookie.
          headers:
            Set-Cookie: {$ref: "#/components/headers/SessionCookie"}
          content:
            application/json:
              schema: {$ref: "#/components/schemas/MemberReply"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/logout:
    post:
      tags: [passkeys]
      operationId: logout
      summary: End the session (if any) and clear the cookie
      description: The body is ignored. Succeeds without a session too.
      responses:
        "200":
          description: Logged out; the cookie is cleared.
          headers:
            Set-Cookie: {$ref: "#/components/headers/SessionCookie"}
          content:
            application/json:
              schema:
                type: object
                required: [loggedOut]
                properties:
                  loggedOut: {type: boolean, const: true}
        "403": {$ref: "#/components/responses/Forbidden"}
  /api/logout/everywhere:
    post:
      tags: [passkeys]
      operationId: logoutEverywhere
      summary: End every session of the signed-in member, this one included
      description: Audited as session.ended_everywhere. The body is ignored.
      security:
        - session: []
      responses:
        "200":
          description: Logged out everywhere; the cookie is cleared.
          headers:
            Set-Cookie: {$ref: "#/components/headers/SessionCookie"}
          content:
            application/json:
              schema:
                type: object
                required: [loggedOut, sessions]
                properties:
                  loggedOut: {type: boolean, const: true}
                  sessions: {type: integer, minimum: 0}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
  /api/session:
    get:
      tags: [passkeys]
      operationId: session
      summary: The member of the current session
      security:
        - session: []
      responses:
        "200":
          description: The member.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/MemberReply"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
  /api/session/probe:
    get:
      tags: [passkeys]
      operationId: sessionProbe
      summary: Who is signed in here, if anyone (no session is a 200, not a 401)
      description: >-
        The web app's session check. Without a session (no cookie, an unknown or ended session)
        the answer is 200 with "member" null and the reason, so that an anonymous visit logs no
        failed request in the browser. A suspended member is refused (403).
      security:
        - {}
        - session: []
      responses:
        "200":
          description: The member, or null and why there is none.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/SessionProbeReply"}
        "403": {$ref: "#/components/responses/Forbidden"}
  /api/keys/attestation/options:
    post:
      tags: [keys]
      operationId: keyAttestationOptions
      summary: Begin a key attestation (the passkey signs over member, key thumbprint and nonce)
      description: Needs a session; then rate limited (ceremony limiter). Body at most 16 KiB.
      security:
        - session: []
        - memberSignature: []
          memberSignatureInput: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [jwk]
              properties:
                jwk: {$ref: "#/components/schemas/JWK"}
      responses:
        "200":
          description: Request options restricted to the member's passkeys, the ceremony, nonce and kid.
          content:
            application/json:
              schema:
                type: object
                required: [options, ceremony, nonce, kid]
                properties:
                  options: {$ref: "#/components/schemas/WebAuthnRequestOptions"}
                  ceremony: {type: string}
                  nonce: {type: string}
                  kid: {type: string, description: RFC 7638 thumbprint of the key}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "409": {$ref: "#/components/responses/Conflict"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/keys:
    get:
      tags: [keys]
      operationId: listKeys
      summary: The member's signing keys, newest first, with their validity periods (revoked ones included)
      security:
        - session: []
        - memberSignature: []
          memberSignatureInput: []
      responses:
        "200":
          description: The key records.
          content:
            application/json:
              schema:
                type: object
                required: [keys]
                properties:
                  keys:
                    type: array
                    items: {$ref: "#/components/schemas/KeyRecord"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "429": {$ref: "#/components/responses/RateLimited"}
    post:
      tags: [keys]
      operationId: attestKey
      summary: Finish a key attestation; stores the key record
      description: |
        With "replaces" (a kid of the member's that is not revoked), the old key is revoked in the
        same transaction (rotation, audited key.rotated): 404 for an
        unknown key, 403 for another member's, 409 key_revoked when it already is.
      security:
        - session: []
        - memberSignature: []
          memberSignatureInput: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [ceremony, jwk, response]
              properties:
                ceremony: {type: string}
                jwk: {$ref: "#/components/schemas/JWK"}
                response: {$ref: "#/components/schemas/WebAuthnResponse"}
                replaces: {type: string, description: The kid of the member's key this one replaces.}
      responses:
        "201":
          description: The stored key record.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/KeyRecord"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "409": {$ref: "#/components/responses/Conflict"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/keys/enrol:
    post:
      tags: [keys]
      operationId: enrolKey
      summary: Enrol a CLI or service key with a user token (no session, no Origin needed)
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [token, jwk]
              properties:
                token: {type: string, description: User token (HS256 JWT signed with the ADMIN_KEY).}
                jwk: {$ref: "#/components/schemas/JWK"}
      description: |
        For a member without a passkey (a service or CLI member) the key is valid at once (201,
        "operation": null). For a member who has a passkey the enrolment is a dangerous operation
        (202): the key is stored valid from the operation's due time, announced to the member,
        cancellable with their passkey, and confirmable earlier by them
        (/api/operations/{id}/confirm). Removed and suspended members cannot enrol (403).
      responses:
        "201":
          description: The stored key record, valid now.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/EnrolledKey"}
        "202":
          description: The stored key record, valid from the due time of the operation it waits for.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/EnrolledKey"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "409": {$ref: "#/components/responses/Conflict"}
        "413": {$ref: "#/components/responses/TooLarge"}
  /api/keys/{kid}:
    get:
      tags: [keys]
      operationId: getKey
      summary: One key record with its attestation (public, no session needed)
      parameters:
        - name: kid
          in: path
          required: true
          schema: {type: string}
      responses:
        "200":
          description: The key record.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/KeyRecord"}
        "404": {$ref: "#/components/responses/NotFound"}
  /.well-known/jwks.json:
    get:
      tags: [keys]
      operationId: jwks
      summary: The public keys of all members that are not revoked
      responses:
        "200":
          description: A JWK set.
          content:
            application/json:
              schema:
                type: object
                required: [keys]
                properties:
                  keys:
                    type: array
                    items: {$ref: "#/components/schemas/JWK"}
  /api/statements:
    post:
      tags: [statements]
      operationId: createStatement
      summary: Create (freeze) a statement under an inline policy or a stored policy
      description: |
        Give exactly one of "policy" and "policyId" (null counts as absent), else 400
        policy_required. An invalid or unreachable policy is 422. Body limit: the server's
        maxBodyBytes (2 MiB by default).

        Give exactly one of "content" and "contentText" (else 400 missing_field or
        invalid_field). What is signed is exactly what was written: "contentText" is read
        strictly (I-JSON: no duplicate names, no lone surrogates, numbers a double holds
        exactly, so 1e400 and 12345678901234567890 are refused), 422
        statement_content_not_ijson with the reason and the line, column and byte offset
        otherwise. The body itself is read with the same exact-number rule, so "content" with a
        duplicate name or an inexact number is 400 invalid_json with the position in the body.
      security:
        - session: []
        - memberSignature: []
          memberSignatureInput: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [title]
              properties:
                title: {type: string}
                content:
                  description: Any I-JSON value (numbers exact), or give contentText instead.
                contentText:
                  type: string
                  description: >-
                    The content's JSON text exactly as the creator typed it (the web app's form);
                    parsed strictly by the server, never re-serialised by the client.
                policy:
                  description: The policy JSON (docs/policies.md), or null.
                policyId:
                  type: [string, "null"]
                expiresAt:
                  type: [string, "null"]
                  format: date-time
      responses:
        "201":
          description: The new statement.
          headers:
            Location:
              description: /api/statements/{id}
              schema: {type: string}
          content:
            application/json:
              schema: {$ref: "#/components/schemas/StatementView"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "422": {$ref: "#/components/responses/Unprocessable"}
        "429": {$ref: "#/components/responses/RateLimited"}
    get:
      tags: [statements]
      operationId: listStatements
      summary: Statements, newest first, in pages
      security:
        - session: []
        - memberSignature: []
          memberSignatureInput: []
      parameters:
        - name: state
          in: query
          required: false
          schema: {$ref: "#/components/schemas/StatementState"}
        - name: creator
          in: query
          required: false
          description: Only statements created by this member id (mem_…).
          schema: {type: string}
        - name: cursor
          in: query
          required: false
          description: The nextCursor of the previous page (a positive integer).
          schema: {type: integer, format: int64, minimum: 1, maximum: 9223372036854775807}
        - name: limit
          in: query
          required: false
          schema: {type: integer, minimum: 1, maximum: 200, default: 50}
      responses:
        "200":
          description: One page; nextCursor is null on the last page.
          content:
            application/json:
              schema:
                type: object
                required: [statements, nextCursor]
                properties:
                  statements:
                    type: array
                    items: {$ref: "#/components/schemas/StatementSummary"}
                  nextCursor:
                    type: [string, "null"]
                    pattern: "^[0-9]+$"
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/statements/{id}:
    get:
      tags: [statements]
      operationId: getStatement
      summary: A statement with its live evaluation and votes
      security:
        - session: []
        - memberSignature: []
          memberSignatureInput: []
      parameters:
        - $ref: "#/components/parameters/StatementID"
      responses:
        "200":
          description: The statement.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/StatementView"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/statements/{id}/approvals:
    post:
      tags: [statements]
      operationId: approveStatement
      summary: Submit an approval (one General JWS signature entry over the statement payload)
      security:
        - session: []
        - memberSignature: []
          memberSignatureInput: []
      parameters:
        - $ref: "#/components/parameters/StatementID"
      requestBody: {$ref: "#/components/requestBodies/Vote"}
      responses:
        "201":
          description: The statement after the vote.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/StatementView"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "409": {$ref: "#/components/responses/Conflict"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "422": {$ref: "#/components/responses/Unprocessable"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/statements/{id}/rejections:
    post:
      tags: [statements]
      operationId: rejectStatement
      summary: Submit a rejection (a signature over the rejection/v1 payload)
      security:
        - session: []
        - memberSignature: []
          memberSignatureInput: []
      parameters:
        - $ref: "#/components/parameters/StatementID"
      requestBody: {$ref: "#/components/requestBodies/Vote"}
      responses:
        "201":
          description: The statement after the vote.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/StatementView"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "409": {$ref: "#/components/responses/Conflict"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "422": {$ref: "#/components/responses/Unprocessable"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/statements/{id}/votes/me:
    delete:
      tags: [statements]
      operationId: withdrawVote
      summary: Withdraw the session member's vote while the statement is not final
      security:
        - session: []
        - memberSignature: []
          memberSignatureInput: []
      parameters:
        - $ref: "#/components/parameters/StatementID"
      responses:
        "200":
          description: The statement after the withdrawal.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/StatementView"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "409": {$ref: "#/components/responses/Conflict"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/statements/{id}/cancel:
    post:
      tags: [statements]
      operationId: cancelStatement
      summary: Cancel a statement that is not final (its creator only)
      description: The body is ignored (at most 1 KiB; a signature's content-digest covers it).
      security:
        - session: []
        - memberSignature: []
          memberSignatureInput: []
      parameters:
        - $ref: "#/components/parameters/StatementID"
      responses:
        "200":
          description: The cancelled statement.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/StatementView"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "409": {$ref: "#/components/responses/Conflict"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/statements/{id}/envelope:
    get:
      tags: [statements]
      operationId: statementEnvelope
      summary: The General JWS of the statement's approvals (or rejections)
      security:
        - session: []
        - memberSignature: []
          memberSignatureInput: []
      parameters:
        - $ref: "#/components/parameters/StatementID"
        - name: kind
          in: query
          required: false
          description: rejections for the rejection envelope; any other value (or none) gives the approvals.
          schema: {type: string, enum: [approvals, rejections]}
      responses:
        "200":
          description: The envelope; "signatures" may be empty.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/GeneralJWS"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/statements/{id}/evidence:
    get:
      tags: [statements]
      operationId: statementEvidence
      summary: The evidence bundle with a fresh receipt
      security:
        - session: []
        - memberSignature: []
          memberSignatureInput: []
      parameters:
        - $ref: "#/components/parameters/StatementID"
      responses:
        "200":
          description: The bundle (its JCS bytes).
          content:
            application/json:
              schema: {$ref: "#/components/schemas/EvidenceBundle"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/events:
    get:
      tags: [events]
      operationId: events
      summary: Server-sent events for statement changes
      description: |
        An open text/event-stream: first "retry: 2000" and a comment, then for each change an
        event named "statement" with id = audit sequence number and data = JSON
        {"seq","action","statement","at"}; a comment line every 15 seconds keeps it alive.
        Scheduled dangerous operations are announced only to the members they affect, as events
        named "operation" with data {"seq","action","operation","at"} (operation: the Operation).
      security:
        - session: []
        - memberSignature: []
          memberSignatureInput: []
      responses:
        "200":
          description: The stream (it does not end while the server runs).
          content:
            text/event-stream:
              schema: {type: string}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "429": {$ref: "#/components/responses/RateLimited"}
        "503":
          description: Too many event streams are open (code too_many_streams); retry later.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
  /api/audit:
    get:
      tags: [audit]
      operationId: auditEvents
      summary: A page of audit events after a sequence number
      security:
        - session: []
        - memberSignature: []
          memberSignatureInput: []
      parameters:
        - name: after
          in: query
          required: false
          description: Events with seq greater than this (default 0).
          schema: {type: integer, format: int64, minimum: 0, maximum: 9223372036854775807, default: 0}
        - name: limit
          in: query
          required: false
          schema: {type: integer, minimum: 1, maximum: 1000, default: 100}
      responses:
        "200":
          description: The events in order; next is the seq to pass as after, or null on the last page.
          content:
            application/json:
              schema:
                type: object
                required: [events, next]
                properties:
                  events:
                    type: array
                    items: {$ref: "#/components/schemas/AuditEvent"}
                  next:
                    type: [integer, "null"]
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/audit/checkpoint:
    get:
      tags: [audit]
      operationId: auditCheckpoint
      summary: The latest signed checkpoint (one is made now if none exists)
      security:
        - session: []
        - memberSignature: []
          memberSignatureInput: []
      responses:
        "200":
          description: The checkpoint.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Checkpoint"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/admin/invitations:
    post:
      tags: [admin]
      operationId: adminInvite
      summary: Create a member and an invitation
      description: |
        Authenticated by an RFC 9421 signature with the ADMIN_KEY. The body (at most 16 KiB) is read
        before the signature is checked, so an oversized body is 413 whatever the signature.
      security:
        - adminSignature: []
          adminSignatureInput: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              description: Either name (and roles) for a new member, or member for an existing member without a passkey.
              properties:
                name:
                  type: string
                  description: 1 to 200 characters after trimming white space.
                roles:
                  type: array
                  maxItems: 32
                  items: {type: string, description: A short lowercase role name.}
                member: {type: string, description: An existing member still invited (no passkey yet).}
      responses:
        "201":
          description: The invitation id, member id, token and link, and when the invitation expires.
          content:
            application/json:
              schema:
                type: object
                required: [id, member, token, link, expiresAt]
                properties:
                  id: {type: string}
                  member: {type: string}
                  token: {type: string}
                  link: {type: string}
                  expiresAt: {type: string, format: date-time}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "404": {$ref: "#/components/responses/NotFound"}
        "409": {$ref: "#/components/responses/Conflict"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "429": {$ref: "#/components/responses/RateLimited"}
    get:
      tags: [admin]
      operationId: adminListInvitations
      summary: Invitations, newest first, with their state
      security:
        - adminSignature: []
          adminSignatureInput: []
      parameters:
        - {name: member, in: query, required: false, schema: {type: string}}
      responses:
        "200":
          description: The invitations.
          content:
            application/json:
              schema:
                type: object
                required: [invitations]
                properties:
                  invitations: {type: array, items: {$ref: "#/components/schemas/Invitation"}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/admin/policies:
    get:
      tags: [admin]
      operationId: adminListPolicies
      summary: The latest version of every stored policy
      security:
        - adminSignature: []
          adminSignatureInput: []
      responses:
        "200":
          description: The policies.
          content:
            application/json:
              schema:
                type: object
                required: [policies]
                properties:
                  policies: {type: array, items: {$ref: "#/components/schemas/StoredPolicy"}}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "429": {$ref: "#/components/responses/RateLimited"}
    post:
      tags: [admin]
      operationId: adminStorePolicy
      summary: Store a named policy (version 1)
      security:
        - adminSignature: []
          adminSignatureInput: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [name, policy]
              properties:
                name: {type: string, description: One line of 1 to 200 characters.}
                policy: {type: object, description: A policy (docs/policies.md).}
      responses:
        "201":
          description: The stored version.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/StoredPolicy"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "422": {$ref: "#/components/responses/Unprocessable"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/admin/policies/{id}:
    get:
      tags: [admin]
      operationId: adminShowPolicy
      summary: The latest version of a stored policy, with every version
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      security:
        - adminSignature: []
          adminSignatureInput: []
      responses:
        "200":
          description: The latest version; versions lists them all, oldest first.
          content:
            application/json:
              schema:
                allOf:
                  - {$ref: "#/components/schemas/StoredPolicy"}
                  - type: object
                    required: [versions]
                    properties:
                      versions: {type: array, items: {$ref: "#/components/schemas/StoredPolicy"}}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "404": {$ref: "#/components/responses/NotFound"}
        "429": {$ref: "#/components/responses/RateLimited"}
    post:
      tags: [admin]
      operationId: adminStorePolicyVersion
      summary: Schedule a new version of a policy (policy.replace, a delayed operation)
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      security:
        - adminSignature: []
          adminSignatureInput: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [name, policy]
              properties:
                name: {type: string, description: One line of 1 to 200 characters.}
                policy: {type: object, description: A policy (docs/policies.md).}
      responses:
        "202":
          description: The scheduled policy.replace operation.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Operation"}
        "409": {$ref: "#/components/responses/Conflict"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "404": {$ref: "#/components/responses/NotFound"}
        "422": {$ref: "#/components/responses/Unprocessable"}
        "429": {$ref: "#/components/responses/RateLimited"}
\#(adminPaths)
\#(webhookPaths)
\#(lifecyclePaths)
\#(operationPaths)
\#(keyCopyPaths)
\#(directoryPaths)
\#(logPaths)
  /healthz:
    get:
      tags: [operations]
      operationId: healthz
      summary: The process answers
      responses:
        "200":
          description: Alive.
          content:
            application/json:
              schema:
                type: object
                required: [status]
                properties:
                  status: {type: string, const: ok}
  /readyz:
    get:
      tags: [operations]
      operationId: readyz
      summary: The database answers
      responses:
        "200":
          description: Ready.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Readiness"}
        "503":
          description: The database does not answer.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Readiness"}
  /metrics:
    get:
      tags: [operations]
      operationId: metrics
      summary: Prometheus metrics
      description: >-
        Open unless the server was started with --metrics-token-file; then only a request with
        `Authorization: Bearer <token>` is served, and any other is 401 metrics_unauthorized.
      responses:
        "200":
          description: The Prometheus text exposition format.
          content:
            text/plain:
              schema: {type: string}
        "401": {$ref: "#/components/responses/Unauthenticated"}
  /openapi.yaml:
    get:
      tags: [operations]
      operationId: openapi
      summary: This document
      responses:
        "200":
          description: OpenAPI 3.1 in YAML.
          content:
            application/yaml:
              schema: {type: string}
components:
  securitySchemes:
    session:
      type: apiKey
      in: cookie
      name: countersign_session
      description: |
        The browser session from /api/registration/verify or /api/login/verify (HttpOnly,
        SameSite=Strict). State-changing requests must also carry an allowed Origin header.
    adminSignature:
      type: apiKey
      in: header
      name: Signature
      description: |
        RFC 9421 HTTP message signature, hmac-sha256 with the ADMIN_KEY (keyid "admin"), together
        with the Signature-Input header; the secret never travels. Covers @method, @target-uri and
        content-digest (RFC 9530).
    adminSignatureInput:
      type: apiKey
      in: header
      name: Signature-Input
      description: The RFC 9421 Signature-Input header that goes with Signature.
    memberSignature:
      type: apiKey
      in: header
      name: Signature
      description: |
        RFC 9421 HTTP message signature by one of the member's enrolled or attested keys (keyid =
        its kid; ed25519 or ecdsa-p256-sha256), together with Signature-Input, instead of the
        session cookie. Covers @method, @target-uri and content-digest (RFC 9530), with created
        (5-minute window) and a nonce used once. Failures are 401 member_unauthenticated; a signed
        request without a Cookie header needs no Origin.
    memberSignatureInput:
      type: apiKey
      in: header
      name: Signature-Input
      description: The RFC 9421 Signature-Input header that goes with a member's Signature.
  headers:
    SessionCookie:
      description: countersign_session=…; Path=/; HttpOnly; SameSite=Strict (Secure on https origins).
      schema: {type: string}
  parameters:
    StatementID:
      name: id
      in: path
      required: true
      description: A statement id (st_…); anything else is 404.
      schema: {type: string}
  requestBodies:
    Vote:
      required: true
      content:
        application/json:
          schema:
            type: object
            additionalProperties: false
            required: [signature]
            properties:
              signature: {$ref: "#/components/schemas/JWSSignature"}
  responses:
    BadRequest:
      description: The request is malformed (invalid JSON, missing or unknown field, bad query).
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    Unauthenticated:
      description: No valid session, token or signature (code unauthenticated, session_expired, admin_unauthenticated or member_unauthenticated).
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    Forbidden:
      description: Origin missing or not allowed, member suspended or removed, passkey pending recovery, or not permitted.
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    NotFound:
      description: The resource does not exist.
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    Conflict:
      description: The request conflicts with the current state.
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    TooLarge:
      description: The body exceeds the route's limit (code body_too_large).
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    Unprocessable:
      description: Well-formed but refused (invalid policy, unusable signature, vote the policy would ignore).
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    RateLimited:
      description: Too many ceremony requests, or failed admin or member-signed requests, from this address (code rate_limited).
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
  schemas:
    StoredPolicy:
      type: object
      required: [id, version, name, policy, createdAt]
      properties:
        id: {type: string}
        version: {type: integer, minimum: 1}
        name: {type: string}
        policy: {type: object}
        createdAt: {type: string, format: date-time}
\#(adminSchemas)
    Error:
      type: object
      required: [error]
      properties:
        error:
          type: object
          required: [code, message]
          properties:
            code: {type: string}
            message: {type: string}
    Timestamp:
      type: string
      format: date-time
      description: RFC 3339, UTC.
    NullableTimestamp:
      type: [string, "null"]
      format: date-time
    StatementState:
      type: string
      enum: [pending, timelocked, approved, rejected, expired, cancelled]
    Member:
      type: object
      required: [id, name, roles, status]
      properties:
        id: {type: string, description: mem_…}
        name: {type: string}
        roles:
          type: array
          items: {type: string}
        status: {type: string, description: "invited, active, suspended or removed"}
    MemberReply:
      type: object
      required: [member]
      properties:
        member: {$ref: "#/components/schemas/Member"}
    SessionProbeReply:
      type: object
      required: [member]
      properties:
        member:
          oneOf:
            - {$ref: "#/components/schemas/Member"}
            - {type: "null"}
        reason: {type: string, enum: [unauthenticated, session_expired]}
    JWK:
      type: object
      description: A JSON Web Key (public for member keys); loosely described.
      required: [kty]
      properties:
        kty: {type: string}
        kid: {type: string}
      additionalProperties: true
    JWSSignature:
      type: object
      description: One entry of a General JWS "signatures" array.
      additionalProperties: false
      required: [signature]
      properties:
        protected: {type: string, description: base64url protected header}
        header:
          type: object
          description: The unprotected header (for example the step-up "webauthn" assertion).
        signature: {type: string, description: base64url}
    GeneralJWS:
      type: object
      description: RFC 7515 General JWS JSON serialization.
      required: [payload, signatures]
      properties:
        payload: {type: string, description: base64url}
        signatures:
          type: array
          items: {$ref: "#/components/schemas/JWSSignature"}
    WebAuthnCreationOptions:
      type: object
      description: PublicKeyCredentialCreationOptionsJSON (W3C WebAuthn Level 3).
      additionalProperties: true
    WebAuthnRequestOptions:
      type: object
      description: PublicKeyCredentialRequestOptionsJSON (W3C WebAuthn Level 3).
      additionalProperties: true
    WebAuthnResponse:
      type: object
      description: RegistrationResponseJSON or AuthenticationResponseJSON, as credential.toJSON() gives it.
      additionalProperties: true
    CeremonyOptions:
      type: object
      required: [options, ceremony]
      properties:
        options:
          description: Creation options (registration) or request options (login).
          anyOf:
            - {$ref: "#/components/schemas/WebAuthnCreationOptions"}
            - {$ref: "#/components/schemas/WebAuthnRequestOptions"}
        ceremony: {type: string}
    StatementDocument:
      type: object
      description: The statement document of docs/policies.md, the JSON of what approvals sign.
      required: [countersign, id, title, content, creator, createdAt, expiresAt, policy]
      properties:
        countersign: {type: string, const: statement/v1}
        id: {type: string}
        title: {type: string}
        content: {description: Any I-JSON value.}
        creator: {type: string}
        createdAt: {$ref: "#/components/schemas/Timestamp"}
        expiresAt: {$ref: "#/components/schemas/NullableTimestamp"}
        policy: {type: object}
    Vote:
      type: object
      required: [member, kind, kid, keyMethod, receivedAt, stepUp, signature, keyRevokedAt]
      properties:
        member: {type: string}
        kind: {type: string, enum: [approve, reject]}
        kid: {type: string}
        keyMethod: {type: string}
        receivedAt: {$ref: "#/components/schemas/Timestamp"}
        keyRevokedAt:
          description: When the vote's key was revoked (after the vote was received; the vote still counts), or null.
          $ref: "#/components/schemas/NullableTimestamp"
        stepUp: {type: boolean}
        signature:
          description: The stored General JWS signature entry (null if it cannot be parsed).
          oneOf:
            - {$ref: "#/components/schemas/JWSSignature"}
            - {type: "null"}
    Evaluation:
      type: object
      description: The live policy evaluation and its explanation (loosely described below the top level).
      required: [state, approvalWeight, rejectionWeight, threshold, thresholdMetAt, timelockEndsAt, expiresAt, decidedAt, explanation]
      properties:
        state: {$ref: "#/components/schemas/StatementState"}
        approvalWeight: {type: number}
        rejectionWeight: {type: number}
        threshold: {type: number}
        thresholdMetAt: {$ref: "#/components/schemas/NullableTimestamp"}
        timelockEndsAt: {$ref: "#/components/schemas/NullableTimestamp"}
        expiresAt: {$ref: "#/components/schemas/NullableTimestamp"}
        decidedAt: {$ref: "#/components/schemas/NullableTimestamp"}
        explanation:
          type: object
          required: [summary, rejection, root, ignoredVotes]
          properties:
            summary: {type: string}
            rejection: {type: [object, "null"]}
            root: {type: object}
            ignoredVotes:
              type: array
              items: {type: object}
    StatementView:
      type: object
      required: [statement, payload, digest, state, weight, threshold, decidedAt, explanation, policyText, votes]
      properties:
        statement: {$ref: "#/components/schemas/StatementDocument"}
        payload: {type: string, description: base64url of the document's JCS bytes}
        digest: {type: string, description: SHA-256 of those bytes, base64url}
        state: {$ref: "#/components/schemas/StatementState"}
        weight: {type: number}
        threshold: {type: number}
        decidedAt: {$ref: "#/components/schemas/NullableTimestamp"}
        explanation: {$ref: "#/components/schemas/Evaluation"}
        policyText: {type: string, description: The policy in words.}
        votes:
          type: array
          items: {$ref: "#/components/schemas/Vote"}
    StatementSummary:
      type: object
      required: [id, title, creator, digest, state, weight, threshold, createdAt, decidedAt, expiresAt]
      properties:
        id: {type: string}
        title: {type: string}
        creator: {type: string}
        digest: {type: string}
        state: {$ref: "#/components/schemas/StatementState"}
        weight: {type: number}
        threshold: {type: number}
        createdAt: {$ref: "#/components/schemas/Timestamp"}
        decidedAt: {$ref: "#/components/schemas/NullableTimestamp"}
        expiresAt: {$ref: "#/components/schemas/NullableTimestamp"}
    EnrolledKey:
      allOf:
        - {$ref: "#/components/schemas/KeyRecord"}
        - type: object
          required: [operation]
          properties:
            operation:
              description: The key.enrol operation the key waits for, or null when it is valid at once.
              oneOf:
                - {type: "null"}
                - {$ref: "#/components/schemas/Operation"}
    KeyRecord:
      type: object
      required: [kid, member, jwk, method, attestation, validFrom, revokedAt]
      properties:
        kid: {type: string}
        member: {type: string}
        jwk: {$ref: "#/components/schemas/JWK"}
        method: {type: string, enum: [passkey, admin-token]}
        attestation:
          type: object
          description: The attestation record of docs/formats.md (passkey proof or admin token).
        validFrom: {$ref: "#/components/schemas/Timestamp"}
        revokedAt: {$ref: "#/components/schemas/NullableTimestamp"}
    EvidenceBundle:
      type: object
      description: The bundle of docs/formats.md; nested members are loosely described.
      required: [countersign, statement, approvals, rejections, members, keys, votes, status, receipt, serverKey]
      properties:
        countersign: {type: string, const: evidence/v1}
        statement: {$ref: "#/components/schemas/StatementDocument"}
        approvals: {$ref: "#/components/schemas/GeneralJWS"}
        rejections:
          oneOf:
            - {$ref: "#/components/schemas/GeneralJWS"}
            - {type: "null"}
        members:
          type: array
          items: {type: object}
        keys:
          type: array
          items: {type: object}
        votes:
          type: array
          items: {type: object}
        status: {type: object}
        receipt: {type: string, description: compact JWS by the server key}
        serverKey: {$ref: "#/components/schemas/JWK"}
    AuditEvent:
      type: object
      required: [seq, at, actor, action, subject, details, prev, hash]
      properties:
        seq: {type: integer}
        at: {$ref: "#/components/schemas/Timestamp"}
        actor: {type: string}
        action: {type: string}
        subject: {type: string}
        details: {description: Any JSON (an object for events the server writes).}
        prev: {type: string}
        hash: {type: string}
    Checkpoint:
      type: object
      required: [checkpoint, size, head, at, serverKey]
      properties:
        checkpoint: {type: string, description: "compact JWS by the server key over {size, head, at}"}
        size: {type: integer}
        head: {type: string}
        at: {$ref: "#/components/schemas/Timestamp"}
        serverKey: {$ref: "#/components/schemas/JWK"}
    Readiness:
      type: object
      required: [status, database, log]
      properties:
        status:
          type: string
          description: >-
            ready; database unavailable; or "log not witnessed: ..." when fewer witnesses than the
            threshold cosign (one refuses: a fork, a bad proof, a rolled-back database).
        database: {type: string, description: The store engine (sqlite or postgresql).}
        log:
          type: object
          required: [origin, vkey, witnesses]
          properties:
            origin: {type: string}
            vkey: {type: string, description: The log's verifier key.}
            checkpoint:
              type: object
              properties:
                size: {type: integer}
                cosignatures: {type: integer}
            witnesses:
              type: array
              items:
                type: object
                required: [name, url, state]
                properties:
                  name: {type: string}
                  url: {type: string}
                  state: {type: string, enum: [pending, cosigning, refusing, unreachable]}
                  reason: {type: string}
                  error: {type: string}
                  cosignedSize: {type: integer}
\#(webhookSchemas)
\#(lifecycleSchemas)
\#(operationSchemas)
\#(keyCopySchemas)
\#(directorySchemas)
\#(logSchemas)
"""#
}
