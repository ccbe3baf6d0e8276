/// The transparency log's routes (docs/transparency.md), spliced into `OpenAPIDocument.yaml` after
/// the directory paths (two spaces of indentation). The tiles and entry bundles under
/// /log/tile/ follow C2SP tlog-tiles, whose paths (x001/x234/067, .p/W) one OpenAPI path template
/// cannot express; they are described in docs/transparency.md.
extension OpenAPIDocument {
    static let logPaths = #"""
  /log/checkpoint:
    get:
      tags: [log]
      operationId: logCheckpoint
      summary: The latest checkpoint of the transparency log, with the witnesses' cosignatures
      description: >-
        A C2SP tlog-checkpoint in a C2SP signed note (origin, tree size, base64 root hash), signed
        by the log key (Ed25519, type 0x01) and followed by each witness's cosignature/v1 line.
        Public: it reveals the tree's size and root only. `countersign log key` prints the vkey.
      responses:
        "200":
          description: The signed note.
          content:
            text/plain:
              schema: {type: string}
        "404": {$ref: "#/components/responses/NotFound"}
  /api/log/proof/inclusion:
    get:
      tags: [log]
      operationId: logInclusionProof
      summary: The inclusion proof of a log entry
      description: >-
        Give `index` (a leaf index) or `seq` (an audit event, whose leaf index is seq - 1), and
        optionally `size` (default: the latest checkpoint's). For the latest checkpoint's size the
        answer also carries the checkpoint and the proof as c2sp.org/tlog-proof@v1 text.
\#(memberSecurity)
      parameters:
        - {name: index, in: query, schema: {type: integer, minimum: 0}}
        - {name: seq, in: query, schema: {type: integer, minimum: 1}}
        - {name: size, in: query, schema: {type: integer, minimum: 0}}
      responses:
        "200":
          description: The proof.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/InclusionProof"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "422": {$ref: "#/components/responses/Unprocessable"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/log/proof/consistency:
    get:
      tags: [log]
      operationId: logConsistencyProof
      summary: The consistency proof between two tree sizes
\#(memberSecurity)
      parameters:
        - {name: from, in: query, required: true, schema: {type: integer, minimum: 0}}
        - {name: to, in: query, schema: {type: integer, minimum: 0}}
      responses:
        "200":
          description: The proof (RFC 9162 section 2.1.4), base64 hashes.
          content:
            application/json:
              schema:
                type: object
                required: [from, to, hashes]
                properties:
                  from: {type: integer}
                  to: {type: integer}
                  hashes: {type: array, items: {type: string}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthenticated"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "422": {$ref: "#/components/responses/Unprocessable"}
        "429": {$ref: "#/components/responses/RateLimited"}
"""#

    static let logSchemas = #"""
    InclusionProof:
      type: object
      required: [index, size, hashes]
      properties:
        index: {type: integer}
        size: {type: integer}
        hashes: {type: array, items: {type: string}, description: From the leaf's sibling up (RFC 9162 section 2.1.3), base64.}
        checkpoint: {type: string, description: The latest checkpoint with its cosignatures.}
        tlogProof: {type: string, description: The proof as c2sp.org/tlog-proof@v1 text.}
"""#
}
