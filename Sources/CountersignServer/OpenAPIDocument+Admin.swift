/// The admin API's members, invitations, policy listings and audit pages, spliced into
/// `OpenAPIDocument.yaml` after the admin routes for creating invitations and storing policies.
extension OpenAPIDocument {
    static let adminPaths = #"""
  /api/admin/members:
    post:
      tags: [admin]
      operationId: adminCreateMember
      summary: Create a member without an invitation (a service member enrols a key with a user token)
      security:
        - adminSignature: []
          adminSignatureInput: []
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/MemberRequest"}
      responses:
        "201": {description: The member (status invited)., content: {application/json: {schema: {$ref: "#/components/schemas/AdminMember"}}}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "429": {$ref: "#/components/responses/RateLimited"}
    get:
      tags: [admin]
      operationId: adminListMembers
      summary: Every member, oldest first
      security:
        - adminSignature: []
          adminSignatureInput: []
      parameters:
        - {name: status, in: query, required: false, schema: {type: string, enum: [invited, active, suspended, removed]}}
      responses:
        "200":
          description: The members.
          content:
            application/json:
              schema:
                type: object
                required: [members]
                properties:
                  members: {type: array, items: {$ref: "#/components/schemas/AdminMember"}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/admin/members/{id}:
    get:
      tags: [admin]
      operationId: adminShowMember
      summary: One member with their passkey count and keys
      security:
        - adminSignature: []
          adminSignatureInput: []
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200": {description: The member., content: {application/json: {schema: {$ref: "#/components/schemas/AdminMember"}}}}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "404": {$ref: "#/components/responses/NotFound"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/admin/members/{id}/roles:
    post:
      tags: [admin]
      operationId: adminSetRoles
      summary: Schedule member.roles, replacing a member's roles when it runs (a delayed operation)
      security:
        - adminSignature: []
          adminSignatureInput: []
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [roles]
              properties:
                roles: {type: array, maxItems: 32, items: {type: string}}
      responses:
        "202": {description: The scheduled operation., content: {application/json: {schema: {$ref: "#/components/schemas/Operation"}}}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "404": {$ref: "#/components/responses/NotFound"}
        "409": {$ref: "#/components/responses/Conflict"}
        "422": {$ref: "#/components/responses/Unprocessable"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/admin/members/{id}/suspend:
    post:
      tags: [admin]
      operationId: adminSuspendMember
      summary: Suspend a member; their sessions end, their logins, votes and signed requests are refused
      security:
        - adminSignature: []
          adminSignatureInput: []
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: false
        content:
          application/json:
            schema: {type: object, additionalProperties: false}
      responses:
        "200": {description: The member., content: {application/json: {schema: {$ref: "#/components/schemas/AdminMember"}}}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "404": {$ref: "#/components/responses/NotFound"}
        "409": {$ref: "#/components/responses/Conflict"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/admin/members/{id}/reinstate:
    post:
      tags: [admin]
      operationId: adminReinstateMember
      summary: Lift a suspension (active again, or invited when the member has no passkey and no key)
      security:
        - adminSignature: []
          adminSignatureInput: []
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: false
        content:
          application/json:
            schema: {type: object, additionalProperties: false}
      responses:
        "200": {description: The member., content: {application/json: {schema: {$ref: "#/components/schemas/AdminMember"}}}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "404": {$ref: "#/components/responses/NotFound"}
        "409": {$ref: "#/components/responses/Conflict"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/admin/invitations/{id}/revoke:
    post:
      tags: [admin]
      operationId: adminRevokeInvitation
      summary: Revoke a pending invitation
      security:
        - adminSignature: []
          adminSignatureInput: []
      parameters:
        - {name: id, in: path, required: true, description: The invitation id (SHA-256 of its token)., schema: {type: string}}
      requestBody:
        required: false
        content:
          application/json:
            schema: {type: object, additionalProperties: false}
      responses:
        "200": {description: The invitation., content: {application/json: {schema: {$ref: "#/components/schemas/Invitation"}}}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "404": {$ref: "#/components/responses/NotFound"}
        "409": {$ref: "#/components/responses/Conflict"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/admin/audit:
    get:
      tags: [admin]
      operationId: adminAuditEvents
      summary: A page of audit events (as GET /api/audit, for the admin)
      security:
        - adminSignature: []
          adminSignatureInput: []
      parameters:
        - {name: after, in: query, required: false, schema: {type: integer, format: int64, minimum: 0, maximum: 9223372036854775807, default: 0}}
        - {name: limit, in: query, required: false, schema: {type: integer, minimum: 1, maximum: 1000, default: 100}}
      responses:
        "200":
          description: The events in order; next is the seq to pass as after, or null on the last page.
          content:
            application/json:
              schema:
                type: object
                required: [events, next]
                properties:
                  events: {type: array, items: {$ref: "#/components/schemas/AuditEvent"}}
                  next: {type: [integer, "null"]}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "429": {$ref: "#/components/responses/RateLimited"}
"""#

    static let adminSchemas = #"""
    MemberRequest:
      type: object
      additionalProperties: false
      required: [name]
      properties:
        name: {type: string, description: 1 to 200 characters after trimming white space.}
        roles: {type: array, maxItems: 32, items: {type: string, description: A short lowercase role name.}}
    AdminMember:
      type: object
      required: [id, name, roles, status, createdAt, passkeys, keys]
      properties:
        id: {type: string}
        name: {type: string}
        roles: {type: array, items: {type: string}}
        status: {type: string, enum: [invited, active, suspended, removed]}
        createdAt: {type: string, format: date-time}
        passkeys: {type: integer, minimum: 0}
        keys:
          type: array
          items:
            type: object
            required: [kid, method, validFrom, revokedAt]
            properties:
              kid: {type: string}
              method: {type: string, enum: [passkey, admin-token]}
              validFrom: {type: string, format: date-time}
              revokedAt: {type: [string, "null"], format: date-time}
    Invitation:
      type: object
      required: [id, member, createdAt, expiresAt, usedAt, revokedAt, state]
      properties:
        id: {type: string, description: The SHA-256 of the token (base64url); useless for registering.}
        member: {type: string}
        createdAt: {type: string, format: date-time}
        expiresAt: {type: string, format: date-time}
        usedAt: {type: [string, "null"], format: date-time}
        revokedAt: {type: [string, "null"], format: date-time}
        state: {type: string, enum: [pending, used, expired, revoked]}
"""#
}
