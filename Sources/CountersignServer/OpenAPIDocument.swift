/// The API description served at /openapi.yaml (OpenAPI 3.1). Kept beside the routes so that a
/// route change and its description change in one commit; schemathesis checks them against each
/// other in the test suite.
enum OpenAPIDocument {
    static let yaml = #"""
openapi: 3.1.0
info:
  title: Countersign
  version: "1"
paths: {}
"""#
}
