/// The webhook routes and the server-key route of the API description, and their schemas, spliced into
/// `OpenAPIDocument.yaml` after the admin paths (indentation as at that point: two spaces).
extension OpenAPIDocument {
    static let webhookPaths = #"""
  /api/admin/webhooks:
    post:
      tags: [admin]
      operationId: adminCreateWebhook
      summary: Register a webhook (URL and audit actions)
      description: |
        Deliveries of the matching audit events are POSTed to the URL, signed with RFC 9421 by the
        server's Ed25519 key (see /.well-known/countersign-server-key.json). Loopback, private,
        link-local and other internal targets are refused (422 webhook_target_refused) unless the
        server runs with --webhook-allow-private-targets. At most 10 webhooks.
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
              required: [url, events]
              properties:
                url: {type: string, maxLength: 2000, description: An absolute http or https URL without user information.}
                events:
                  type: array
                  minItems: 1
                  maxItems: 64
                  items: {type: string, description: 'An audit action such as "statement.approved", or "*".'}
      responses:
        "201":
          description: The webhook.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Webhook"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "409": {$ref: "#/components/responses/Conflict"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "422": {$ref: "#/components/responses/Unprocessable"}
        "429": {$ref: "#/components/responses/RateLimited"}
    get:
      tags: [admin]
      operationId: adminListWebhooks
      summary: The webhooks not deleted, oldest first
      security:
        - adminSignature: []
          adminSignatureInput: []
      responses:
        "200":
          description: The webhooks.
          content:
            application/json:
              schema:
                type: object
                required: [webhooks]
                properties:
                  webhooks:
                    type: array
                    items: {$ref: "#/components/schemas/Webhook"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/admin/webhooks/{id}:
    delete:
      tags: [admin]
      operationId: adminDeleteWebhook
      summary: Delete a webhook; it receives nothing more
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      security:
        - adminSignature: []
          adminSignatureInput: []
      responses:
        "204": {description: Deleted.}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "404": {$ref: "#/components/responses/NotFound"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/admin/webhooks/{id}/deliveries:
    get:
      tags: [admin]
      operationId: adminWebhookDeliveries
      summary: A webhook's deliveries with their attempts, newest first (at most 200)
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      security:
        - adminSignature: []
          adminSignatureInput: []
      responses:
        "200":
          description: The deliveries.
          content:
            application/json:
              schema:
                type: object
                required: [deliveries]
                properties:
                  deliveries:
                    type: array
                    items: {$ref: "#/components/schemas/WebhookDelivery"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "404": {$ref: "#/components/responses/NotFound"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /.well-known/countersign-server-key.json:
    get:
      tags: [keys]
      operationId: serverKey
      summary: The server's public Ed25519 key (signs webhook deliveries, receipts and checkpoints)
      responses:
        "200":
          description: A public OKP JWK whose kid is its RFC 7638 thumbprint (the keyid of webhook signatures).
          content:
            application/json:
              schema:
                type: object
                required: [kty, crv, x, kid]
                properties:
                  kty: {type: string, const: OKP}
                  crv: {type: string, const: Ed25519}
                  x: {type: string}
                  kid: {type: string}
"""#

    /// Their schemas, spliced at the end of components/schemas (four spaces).
    static let webhookSchemas = #"""
    Webhook:
      type: object
      required: [id, url, events, createdAt]
      properties:
        id: {type: string}
        url: {type: string}
        events: {type: array, items: {type: string}}
        createdAt: {type: string, format: date-time}
    WebhookDelivery:
      type: object
      required: [id, webhook, event, action, state, attempts, nextAttemptAt, deliveredAt]
      properties:
        id: {type: string, description: Also sent as the Countersign-Delivery header; the same on every retry.}
        webhook: {type: string}
        event: {type: integer, description: The audit event's seq.}
        action: {type: string}
        state: {type: string, enum: [pending, delivered, failed]}
        attempts:
          type: array
          items:
            type: object
            required: [at, status, error]
            properties:
              at: {type: string, format: date-time}
              status: {type: [integer, "null"]}
              error: {type: [string, "null"]}
        nextAttemptAt: {type: [string, "null"], format: date-time}
        deliveredAt: {type: [string, "null"], format: date-time}
"""#
}
