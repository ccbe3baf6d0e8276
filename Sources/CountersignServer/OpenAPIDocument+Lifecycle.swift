/// The key-lifecycle routes of the API description (a member's own keys and passkeys: listing and
/// revocation), spliced into `OpenAPIDocument.yaml` after the webhook paths (indentation as at
/// that point: two spaces). Rotation is "replaces" on POST /api/keys and the key list is GET
/// /api/keys, both described with that path in the main document.
extension OpenAPIDocument {
    static let lifecyclePaths = #"""
  /api/keys/{kid}/revoke/options:
    post:
      tags: [keys]
      operationId: keyRevocationOptions
      summary: Begin revoking one of the member's keys (a passkey assertion over a fresh challenge)
      description: |
        Request options limited to the member's live passkeys, user verification required. The
        ceremony can revoke this key only. 404 for an unknown key, 403 for another member's,
        409 key_revoked when it already is, 409 no_passkey when the member has no live passkey.
        The body, if any, is an empty object.
      parameters:
        - {name: kid, in: path, required: true, schema: {type: string}}
\#(memberSecurity)
\#(emptyOptionsBody)
\#(revocationErrors)
  /api/keys/{kid}/revoke:
    post:
      tags: [keys]
      operationId: revokeKey
      summary: Revoke one of the member's keys at once
      description: |
        With a body: {"ceremony","response"}, the passkey assertion of the ceremony from
        /api/keys/{kid}/revoke/options. Without a body: a request signed (RFC 9421) by the key
        being revoked, allowed for keys enrolled with a user token only (proof of possession;
        403 passkey_required otherwise). Votes received before the revocation stay counted;
        later votes with the key are refused (422 vote_key_revoked). Audited as key.revoked.
      parameters:
        - {name: kid, in: path, required: true, schema: {type: string}}
\#(memberSecurity)
      requestBody:
        required: false
        content:
          application/json:
\#(assertionBody)
      responses:
        "200":
          description: The key record, with its revokedAt.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/KeyRecord"}
\#(revocationErrors)
  /api/passkeys:
    get:
      tags: [passkeys]
      operationId: listPasskeys
      summary: The member's passkeys, newest first, revoked ones included
\#(memberSecurity)
      responses:
        "200":
          description: The passkeys.
          content:
            application/json:
              schema:
                type: object
                required: [passkeys]
                properties:
                  passkeys:
                    type: array
                    items:
                      $ref: "#/components/schemas/Passkey"
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/passkeys/add/options:
    post:
      tags: [passkeys]
      operationId: passkeyAddOptions
      summary: Begin adding a passkey (a second device) to the signed-in member's account
      description: |
        Two ceremonies: an assertion by a live passkey the member already has, and the new
        credential's registration. 409 no_passkey for a member without a live passkey. The body,
        if any, is an empty object.
\#(memberSecurity)
      requestBody:
        required: false
        content:
          application/json:
            schema: {type: object, additionalProperties: false, maxProperties: 0}
      responses:
        "200":
          description: The assertion's request options and the registration's creation options, each with its ceremony id.
          content:
            application/json:
              schema:
                type: object
                required: [assertion, registration]
                properties:
                  assertion: {$ref: "#/components/schemas/CeremonyOptions"}
                  registration: {$ref: "#/components/schemas/CeremonyOptions"}
\#(revocationErrors)
  /api/passkeys/add:
    post:
      tags: [passkeys]
      operationId: addPasskey
      summary: Add a passkey to the member's account, asserted by a passkey they already have
      description: |
        {"assertion":{"ceremony","response"},"registration":{"ceremony","response"}} from
        /api/passkeys/add/options. Audited as passkey.added (refusals as passkey.add_refused).
\#(memberSecurity)
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [assertion, registration]
              properties:
                assertion:
                  type: object
                  additionalProperties: false
                  required: [ceremony, response]
                  properties:
                    ceremony: {type: string}
                    response: {$ref: "#/components/schemas/WebAuthnResponse"}
                registration:
                  type: object
                  additionalProperties: false
                  required: [ceremony, response]
                  properties:
                    ceremony: {type: string}
                    response: {$ref: "#/components/schemas/WebAuthnResponse"}
      responses:
        "201":
          description: The new passkey.
          content:
            application/json:
              schema:
                type: object
                required: [passkey]
                properties:
                  passkey: {$ref: "#/components/schemas/Passkey"}
\#(revocationErrors)
  /api/passkeys/{id}/revoke/options:
    post:
      tags: [passkeys]
      operationId: passkeyRevocationOptions
      summary: Begin revoking one of the member's passkeys (asserted by any live passkey of theirs)
      description: |
        404 for an unknown passkey, 403 for another member's, 409 passkey_revoked when it already
        is. The body, if any, is an empty object.
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}, description: The credential id, base64url.}
\#(memberSecurity)
\#(emptyOptionsBody)
\#(revocationErrors)
  /api/passkeys/{id}/revoke:
    post:
      tags: [passkeys]
      operationId: revokePasskey
      summary: Revoke one of the member's passkeys at once
      description: |
        {"ceremony","response"}: the assertion of the ceremony from
        /api/passkeys/{id}/revoke/options. The member's last live passkey cannot be revoked (409
        last_passkey; account recovery replaces passkeys). Keys the passkey attested stay valid.
        Audited as passkey.revoked.
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}, description: The credential id, base64url.}
\#(memberSecurity)
      requestBody:
        required: true
        content:
          application/json:
\#(assertionBody)
      responses:
        "200":
          description: The passkey, with its revokedAt.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Passkey"
\#(revocationErrors)
"""#

    /// The Passkey schema, spliced into the components' schemas after the webhook schemas.
    static let lifecycleSchemas = #"""
    Passkey:
      type: object
      description: One of the member's passkeys (never its public key or counter).
      required: [id, createdAt, lastUsedAt, backedUp, revokedAt]
      properties:
        id: {type: string, description: The credential id, base64url.}
        createdAt: {$ref: "#/components/schemas/Timestamp"}
        lastUsedAt: {$ref: "#/components/schemas/NullableTimestamp"}
        backedUp: {type: boolean}
        revokedAt: {$ref: "#/components/schemas/NullableTimestamp"}
        pendingRecovery: {type: [string, "null"], description: The recovery operation this passkey waits for.}
"""#

    /// The member routes' security: the session cookie or a member request signature.
    static let memberSecurity = #"""
      security:
        - session: []
        - memberSignature: []
          memberSignatureInput: []
"""#

    /// The refusals every lifecycle route may answer.
    static let revocationErrors = #"""
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "409": {$ref: "#/components/responses/Conflict"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "429": {$ref: "#/components/responses/RateLimited"}
"""#

    /// An options route: no body (or {}), replies {"options","ceremony"}.
    static let emptyOptionsBody = #"""
      requestBody:
        required: false
        content:
          application/json:
            schema: {type: object, additionalProperties: false, maxProperties: 0}
      responses:
        "200":
          description: The request options and the ceremony id.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/CeremonyOptions"}
"""#

    /// {"ceremony","response"}: a passkey assertion answering a revocation ceremony.
    static let assertionBody = #"""
            schema:
              type: object
              additionalProperties: false
              required: [ceremony, response]
              properties:
                ceremony: {type: string}
                response: {$ref: "#/components/schemas/WebAuthnResponse"}
"""#
}
