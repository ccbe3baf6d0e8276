/// Delayed dangerous operations and account recovery (issue 8): the admin's scheduling, listing
/// and cancelling routes and the member's list and passkey cancellation, spliced into
/// `OpenAPIDocument.yaml` after the key-lifecycle paths (two spaces of indentation), and the
/// Operation schemas after the key-lifecycle schemas.
extension OpenAPIDocument {
    static let operationPaths = #"""
  /api/admin/operations:
    get:
      tags: [admin]
      operationId: adminListOperations
      summary: Scheduled operations, newest first (at most 500), optionally of one state
\#(adminSecurity)
      parameters:
        - {name: state, in: query, required: false, schema: {type: string, enum: [pending, cancelled, done, failed]}}
      responses:
        "200": {description: The operations., content: {application/json: {schema: {$ref: "#/components/schemas/OperationList"}}}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/admin/operations/{id}:
    get:
      tags: [admin]
      operationId: adminShowOperation
      summary: One scheduled operation
\#(adminSecurity)
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200": {description: The operation., content: {application/json: {schema: {$ref: "#/components/schemas/Operation"}}}}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "404": {$ref: "#/components/responses/NotFound"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/admin/operations/{id}/cancel:
    post:
      tags: [admin]
      operationId: adminCancelOperation
      summary: Withdraw a pending operation (audited operation.cancelled, cancelledBy admin)
\#(adminSecurity)
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
\#(emptyAdminBody)
      responses:
        "200": {description: The cancelled operation., content: {application/json: {schema: {$ref: "#/components/schemas/Operation"}}}}
\#(schedulingErrors)
  /api/admin/keys/{kid}/delete:
    post:
      tags: [admin]
      operationId: adminDeleteKey
      summary: Schedule key.delete (the key is revoked when it runs, and stays in evidence)
\#(adminSecurity)
      parameters:
        - {name: kid, in: path, required: true, schema: {type: string}}
\#(emptyAdminBody)
\#(scheduled)
  /api/admin/passkeys/{id}/delete:
    post:
      tags: [admin]
      operationId: adminDeletePasskey
      summary: Schedule passkey.delete
\#(adminSecurity)
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}, description: The credential id, base64url.}
\#(emptyAdminBody)
\#(scheduled)
  /api/admin/members/{id}/remove:
    post:
      tags: [admin]
      operationId: adminRemoveMember
      summary: Schedule member.remove (keys revoked from the removal, passkeys and sessions deleted)
\#(adminSecurity)
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
\#(emptyAdminBody)
\#(scheduled)
  /api/admin/members/{id}/recover:
    post:
      tags: [admin]
      operationId: adminRecoverMember
      summary: Start account recovery; returns the member.recover operation and a recovery invitation
      description: |
        The operation's dueAt is null until the member registers a new passkey with the
        invitation; registration sets it to the registration time plus the recovery delay.
        Only an active member can be recovered (409 member_not_active).
\#(adminSecurity)
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
\#(emptyAdminBody)
      responses:
        "202":
          description: The operation and the recovery invitation (its token is shown once).
          content:
            application/json:
              schema:
                type: object
                required: [operation, invitation]
                properties:
                  operation: {$ref: "#/components/schemas/Operation"}
                  invitation:
                    type: object
                    required: [id, member, token, link, expiresAt]
                    properties:
                      id: {type: string}
                      member: {type: string}
                      token: {type: string}
                      link: {type: string}
                      expiresAt: {$ref: "#/components/schemas/Timestamp"}
\#(schedulingErrors)
  /api/operations:
    get:
      tags: [operations-lifecycle]
      operationId: listMyOperations
      summary: Pending operations that affect the calling member, newest first
\#(memberSecurity)
      responses:
        "200": {description: The operations., content: {application/json: {schema: {$ref: "#/components/schemas/OperationList"}}}}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/operations/{id}/cancel/options:
    post:
      tags: [operations-lifecycle]
      operationId: operationCancelOptions
      summary: Begin cancelling an operation that affects the member (a passkey assertion over a fresh challenge)
      description: |
        404 unless the operation affects the caller, 409 operation_not_pending or operation_due.
        The body, if any, is an empty object.
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
\#(memberSecurity)
\#(emptyOptionsBody)
\#(schedulingErrors)
  /api/operations/{id}/cancel:
    post:
      tags: [operations-lifecycle]
      operationId: cancelOperation
      summary: Cancel an operation with the assertion of a ceremony from its cancel/options route
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
\#(memberSecurity)
      requestBody:
        required: true
        content:
          application/json:
\#(assertionBody)
      responses:
        "200": {description: The cancelled operation., content: {application/json: {schema: {$ref: "#/components/schemas/Operation"}}}}
\#(schedulingErrors)
  /api/operations/{id}/confirm/options:
    post:
      tags: [operations-lifecycle]
      operationId: operationConfirmOptions
      summary: Begin confirming a key enrolment the admin scheduled for the member ("this was me")
      description: 409 operation_not_confirmable for any other kind of operation.
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
\#(memberSecurity)
\#(emptyOptionsBody)
\#(schedulingErrors)
  /api/operations/{id}/confirm:
    post:
      tags: [operations-lifecycle]
      operationId: confirmOperation
      summary: Confirm a key enrolment with the assertion of a ceremony from its confirm/options route; the key is valid at once
      description: Audited as operation.confirmed and key.activated (refusals as operation.confirm_refused).
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
\#(memberSecurity)
      requestBody:
        required: true
        content:
          application/json:
\#(assertionBody)
      responses:
        "200": {description: The confirmed (done) operation., content: {application/json: {schema: {$ref: "#/components/schemas/Operation"}}}}
\#(schedulingErrors)
"""#

    static let operationSchemas = #"""
    Operation:
      type: object
      description: A scheduled dangerous operation (docs/operations.md).
      required: [id, kind, member, target, details, state, scheduledAt, dueAt]
      properties:
        id: {type: string, description: op_…}
        kind: {type: string, enum: [key.delete, passkey.delete, member.remove, member.roles, policy.replace, member.recover, key.enrol]}
        member: {type: [string, "null"], description: The affected member; null for policy.replace.}
        target: {type: string, description: A kid, credential id, member id or policy id.}
        details: {type: object}
        state: {type: string, enum: [pending, cancelled, done, failed]}
        scheduledAt: {$ref: "#/components/schemas/Timestamp"}
        dueAt: {$ref: "#/components/schemas/NullableTimestamp"}
        cancelledBy: {type: string, description: admin or the member id who cancelled.}
        decidedAt: {$ref: "#/components/schemas/Timestamp"}
        result: {type: object}
    OperationList:
      type: object
      required: [operations]
      properties:
        operations: {type: array, items: {$ref: "#/components/schemas/Operation"}}
"""#

    private static let adminSecurity = #"""
      security:
        - adminSignature: []
          adminSignatureInput: []
"""#

    private static let emptyAdminBody = #"""
      requestBody:
        required: false
        content:
          application/json:
            schema: {type: object, additionalProperties: false, maxProperties: 0}
"""#

    /// The reply of a scheduling route: 202 with the operation.
    static let scheduled = #"""
      responses:
        "202": {description: The scheduled operation., content: {application/json: {schema: {$ref: "#/components/schemas/Operation"}}}}
\#(schedulingErrors)
"""#

    private static let schedulingErrors = #"""
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "409": {$ref: "#/components/responses/Conflict"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "422": {$ref: "#/components/responses/Unprocessable"}
        "429": {$ref: "#/components/responses/RateLimited"}
"""#
}
