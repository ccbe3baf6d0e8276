import CountersignServer
import CountersignTestSupport
import Foundation
import Testing

/// The API description is one file (Sources/CountersignServer/API/openapi.yaml), served at
/// /openapi.yaml. This keeps it and the router equal: every route the router has is documented,
/// and every documented operation is routed.
@Suite("The OpenAPI document and the router describe the same API")
struct RouteDocumentationTests {
    /// Routes C2SP tlog-tiles defines, whose paths (x001/x234/067, .p/W) one OpenAPI path template
    /// cannot express: described in docs/transparency.md instead.
    static let describedElsewhere: Set<String> = ["GET /log/tile/**"]

    /// "METHOD /path" for each operation under `paths:` of the document.
    static func documentedOperations(_ yaml: String) -> Set<String> {
        var operations: Set<String> = []
        var inPaths = false
        var path: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" {
                inPaths = true
                continue
            }
            if inPaths, let first = line.first, !first.isWhitespace { inPaths = false }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   "), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.dropFirst(4).dropLast()
                if ["get", "post", "put", "delete", "patch", "head"].contains(method) {
                    operations.insert("\(method.uppercased()) \(path)")
                }
            }
        }
        return operations
    }

    @Test("every route is documented and every documented operation is routed")
    func routesMatchTheDocument() async throws {
        try await TestServer.with(.sqlite) { server in
            let reply = try await APIClient(baseURL: server.baseURL, origin: nil).get("/openapi.yaml")
            try expectStatus(reply, 200)
            let documented = Self.documentedOperations(reply.text)
            #expect(documented.count > 60, "the document lists \(documented.count) operations")
            let routed = Set(CountersignServer.routes(environment: server.environment))
            #expect(routed.subtracting(documented).subtracting(Self.describedElsewhere).sorted() == [], "routed but not documented")
            #expect(documented.subtracting(routed).sorted() == [], "documented but not routed")
            #expect(Self.describedElsewhere.isSubset(of: routed), "a route described elsewhere is gone: update the list")
        }
    }
}
