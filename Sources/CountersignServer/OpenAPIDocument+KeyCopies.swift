/// The encrypted key copy routes of the API description (issue 7), spliced into
/// `OpenAPIDocument.yaml` after the key-lifecycle paths (indentation as at that point: two
/// spaces), and the KeyCopy schema after the lifecycle schemas. The security and refusal blocks
/// are the lifecycle routes' (OpenAPIDocument+Lifecycle.swift).
extension OpenAPIDocument {
    static let keyCopyPaths = #"""
  /api/keys/copies:
    get:
      tags: [keys]
      operationId: listKeyCopies
      summary: The encrypted copies of the member's live keys, newest first
      description: |
        Each copy is the member's private signing key sealed in the browser with AES-256-GCM under
        a key derived (HKDF-SHA256) from a passkey's PRF output (docs/formats.md, "Encrypted key
        copy"). The server cannot open it. Only the owner sees their copies.
\#(memberSecurity)
      responses:
        "200":
          description: The copies.
          content:
            application/json:
              schema:
                type: object
                required: [copies]
                properties:
                  copies:
                    type: array
                    items: {$ref: "#/components/schemas/KeyCopy"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/keys/{kid}/copy:
    put:
      tags: [keys]
      operationId: storeKeyCopy
      summary: Store (or replace) the encrypted copy of one of the member's keys
      description: |
        Only for the member's own live key attested by a passkey (403 key_not_passkey_attested for
        a key enrolled by user token, 403 for another member's key, 409 key_revoked). credentialId
        names one of the member's live passkeys, the one whose PRF output sealed the copy. All
        byte fields are unpadded base64url: salt 32 bytes, iv 12 bytes, ciphertext 17 to 4096
        bytes (AES-GCM tag included). Audited as key.copy_stored (without the ciphertext).
      parameters:
        - {name: kid, in: path, required: true, schema: {type: string}}
\#(memberSecurity)
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [credentialId, salt, iv, ciphertext, alg, kdf]
              properties:
                credentialId: {type: string, description: The sealing passkey's credential id, base64url.}
                salt: {type: string, description: PRF input and HKDF salt, 32 bytes base64url.}
                iv: {type: string, description: AES-GCM nonce, 12 bytes base64url.}
                ciphertext: {type: string, description: AES-256-GCM ciphertext and tag of the PKCS 8 key, base64url.}
                alg: {type: string, enum: [A256GCM]}
                kdf: {type: string, enum: [HKDF-SHA256]}
      responses:
        "201":
          description: The stored copy.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/KeyCopy"}
\#(revocationErrors)
    delete:
      tags: [keys]
      operationId: deleteKeyCopy
      summary: Delete the encrypted copy of one of the member's keys
      description: |
        The key itself stays valid (revoking a key deletes its copy anyway). 404 when the key has
        no copy or does not exist, 403 for another member's key. Audited as key.copy_deleted.
      parameters:
        - {name: kid, in: path, required: true, schema: {type: string}}
\#(memberSecurity)
      responses:
        "204":
          description: Deleted.
\#(revocationErrors)
"""#

    /// The KeyCopy schema, spliced into the components' schemas after the lifecycle schemas.
    static let keyCopySchemas = #"""
    KeyCopy:
      type: object
      description: An encrypted copy of a private signing key (docs/formats.md, "Encrypted key copy").
      required: [kid, credentialId, salt, iv, ciphertext, alg, kdf, createdAt]
      properties:
        kid: {type: string}
        credentialId: {type: string}
        salt: {type: string}
        iv: {type: string}
        ciphertext: {type: string}
        alg: {type: string, enum: [A256GCM]}
        kdf: {type: string, enum: [HKDF-SHA256]}
        createdAt: {$ref: "#/components/schemas/Timestamp"}
"""#
}
