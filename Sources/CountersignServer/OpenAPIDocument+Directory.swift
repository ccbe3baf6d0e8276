/// The routes the web app reads to draft a statement (the member directory, stored policies, a
/// policy in words), spliced into `OpenAPIDocument.yaml` after the lifecycle paths (indentation
/// as at that point: two spaces). The web app's pages and /assets/ files are not API routes and
/// are not described here (docs/webapp.md).
extension OpenAPIDocument {
    static let directoryPaths = #"""
  /api/members:
    get:
      tags: [members]
      operationId: listMembers
      summary: The active members, for choosing a policy's signers
      description: Each member's id, name and roles, sorted by name; invited and suspended members are left out.
\#(memberSecurity)
      responses:
        "200":
          description: The active members.
          content:
            application/json:
              schema:
                type: object
                required: [members]
                properties:
                  members: {type: array, items: {$ref: "#/components/schemas/DirectoryMember"}}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/policies:
    get:
      tags: [policies]
      operationId: listPolicies
      summary: The stored policies (latest version of each), for members drafting a statement
\#(memberSecurity)
      responses:
        "200":
          description: The latest version of each stored policy.
          content:
            application/json:
              schema:
                type: object
                required: [policies]
                properties:
                  policies: {type: array, items: {$ref: "#/components/schemas/StoredPolicy"}}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/policies/explain:
    post:
      tags: [policies]
      operationId: explainPolicy
      summary: A policy in words, checked as statement creation checks it; changes nothing
      description: |
        Give exactly one of "policy" and "policyId" (else 400 policy_required). The policy must be
        valid and reachable with the current members and the caller as creator (422, the same
        refusal POST /api/statements gives). The text is the policyText a statement under this
        policy will show.
\#(memberSecurity)
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              properties:
                policy:
                  description: The policy JSON (docs/policies.md), or null.
                policyId:
                  type: [string, "null"]
      responses:
        "200":
          description: The policy, canonical, and its description.
          content:
            application/json:
              schema:
                type: object
                required: [text, clauses, policy]
                properties:
                  text: {type: string, description: The clauses joined by "; ".}
                  clauses: {type: array, items: {type: string}}
                  policy: {type: object, description: The policy as the server parsed it.}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "422": {$ref: "#/components/responses/Unprocessable"}
        "429": {$ref: "#/components/responses/RateLimited"}
"""#

    static let directorySchemas = #"""
    DirectoryMember:
      type: object
      additionalProperties: false
      required: [id, name, roles]
      properties:
        id: {type: string}
        name: {type: string}
        roles: {type: array, items: {type: string}}
"""#
}
