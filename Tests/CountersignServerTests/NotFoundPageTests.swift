import CountersignTestSupport
import Foundation
import Testing

@testable import CountersignServer

/// Unknown paths (issue 22): a browser asking for a page gets the web app's 404 page, in HTML,
/// under the same CSP; API clients, and every /api/ path, keep the JSON error.
@Suite("Not-found page")
struct NotFoundPageTests {
    static let browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

    @Test("A browser gets the HTML 404 page; JSON clients and /api/ paths get the JSON error", arguments: Engine.available)
    func unknownPaths(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let client = APIClient(baseURL: server.baseURL)
            for path in ["/nothing-here", "/statements/not-a-statement", "/assets/js/missing.js", "/admin/x"] {
                let page = try await client.get(path, headers: [("Accept", Self.browserAccept)])
                #expect(page.status == 404, "\(path)")
                #expect(page.headers["Content-Type"].first == "text/html; charset=utf-8", "\(path)")
                #expect(page.text.contains("Page not found") && page.text.contains("href=\"/\""), "\(path)")
                #expect(page.headers["Content-Security-Policy"].first?.contains("script-src 'self'") == true)
                #expect(!page.text.contains(path), "the page repeats the requested path")

                for accept in [nil, "application/json", "*/*", "application/json, text/html;q=0.5", "text/html;q=0"] {
                    let reply = try await client.get(path, headers: accept.map { [("Accept", $0)] } ?? [])
                    expectError(reply, 404, "not_found")
                }
            }
            // /api/ paths answer JSON even to a browser.
            expectError(try await client.get("/api/nothing-here", headers: [("Accept", Self.browserAccept)]), 404, "not_found")
            // HEAD: the status and headers, no body.
            let head = try await client.send(.HEAD, "/nothing-here", body: nil, headers: [("Accept", "text/html")])
            #expect(head.status == 404 && head.body.isEmpty)
            #expect(head.headers["Content-Type"].first == "text/html; charset=utf-8")
            // Other methods keep JSON.
            expectError(try await client.post("/nothing-here", headers: [("Accept", "text/html")]), 404)
        }
    }

    @Test("Accept negotiation: HTML only when text/html is wanted at least as much as JSON")
    func negotiation() {
        #expect(HTMLNotFound.prefersHTML(Self.browserAccept))
        #expect(HTMLNotFound.prefersHTML("text/*"))
        #expect(HTMLNotFound.prefersHTML("application/json;q=0.5, text/html"))
        #expect(!HTMLNotFound.prefersHTML(nil))
        #expect(!HTMLNotFound.prefersHTML("*/*"))
        #expect(!HTMLNotFound.prefersHTML("application/json"))
        #expect(!HTMLNotFound.prefersHTML("text/html;q=0"))
        #expect(!HTMLNotFound.prefersHTML("text/html;q=0.4, application/json;q=0.5"))
        #expect(!HTMLNotFound.prefersHTML(String(repeating: "a", count: 5000) + ",text/html"))
    }
}
