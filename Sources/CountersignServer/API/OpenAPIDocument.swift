/// The HTTP API's description: `API/openapi.yaml` (OpenAPI 3.1), one file with its `components`
/// and `$ref`s, compiled into the binary (SwiftPM's `embedInCode`, so the server never needs its
/// resource bundle to describe itself) and served as is at GET /openapi.yaml.
/// `RouteDocumentationTests` keeps it equal to the router: every route is documented and every
/// documented operation is routed.
enum OpenAPIDocument {
    static let yaml = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)
}
