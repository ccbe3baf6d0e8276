import CountersignTestSupport
import Foundation
import Testing

@testable import CountersignServer

/// The web app's files: pages at their paths, /assets/ files with their media types and
/// validators, the strict Content Security Policy on every page, and nothing else: no path
/// traversal, no directory listing, no dotfiles or symbolic links from a --web-root folder.
@Suite("Web app serving")
struct WebAppServingTests {
    @Test("Each page path answers its HTML under the strict CSP, with an ETag and Cache-Control: no-cache", arguments: Engine.available)
    func pages(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let client = APIClient(baseURL: server.baseURL)
            let pages = [
                "/": "/assets/js/dashboard.js", "/login": "/assets/js/login.js", "/invite": "/assets/js/invite.js",
                "/statements/new": "/assets/js/new.js", "/statements/st_AbC-123_x": "/assets/js/statement.js",
            ]
            for (path, module) in pages {
                let reply = try await client.get(path)
                try expectStatus(reply, 200)
                #expect(reply.headers["Content-Type"].first == "text/html; charset=utf-8", "\(path)")
                #expect(reply.text.contains("<script type=\"module\" src=\"\(module)\"></script>"), "\(path) does not load \(module)")
                #expect(!reply.text.contains("<script>") && !reply.text.contains("style="), "\(path) has inline script or style")
                let policy = try #require(reply.headers["Content-Security-Policy"].first, "\(path) has no CSP")
                #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
                #expect(reply.headers["Cache-Control"].first == "no-cache")
                #expect(reply.headers["ETag"].first?.hasPrefix("\"") == true)
            }
        }
    }

    @Test("Assets have their media types; a matching If-None-Match answers 304; HEAD has no body", arguments: Engine.available)
    func assets(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let client = APIClient(baseURL: server.baseURL)
            let css = try await client.get("/assets/app.css")
            try expectStatus(css, 200)
            #expect(css.headers["Content-Type"].first == "text/css; charset=utf-8")
            let module = try await client.get("/assets/js/api.js")
            try expectStatus(module, 200)
            #expect(module.headers["Content-Type"].first == "text/javascript; charset=utf-8")
            #expect(module.headers["X-Content-Type-Options"].first == "nosniff")
            #expect(module.text.contains("export class ApiError"))

            let etag = try #require(module.headers["ETag"].first)
            let revalidated = try await client.get("/assets/js/api.js", headers: [("If-None-Match", etag)])
            #expect(revalidated.status == 304)
            #expect(revalidated.body.isEmpty)
            let changed = try await client.get("/assets/js/api.js", headers: [("If-None-Match", "\"something-else\"")])
            #expect(changed.status == 200)

            let head = try await client.send(.HEAD, "/assets/app.css", body: nil)
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
        }
    }

    @Test("Traversal, encoded dots, folders and unknown paths are 404; API paths are never pages", arguments: Engine.available)
    func nothingElse(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let client = APIClient(baseURL: server.baseURL)
            for path in [
                "/assets/../Package.swift", "/assets/%2e%2e/Package.swift", "/assets/%2E%2E/%2E%2E/Package.swift",
                "/assets/js/../../index.html", "/assets/..%2fPackage.swift", "/assets/", "/assets/js", "/assets/js/",
                "/assets", "/index.html", "/Web/index.html", "/statements/", "/statements/new/x", "/statements/st_a/b",
                "/statements/%2e%2e", "/nothing-here", "/api/nothing-here", "/assets/app.css/", "/assets//app.css",
            ] {
                let reply = try await client.get(path)
                // Odd spellings (dot segments, encoded dots and slashes, empty segments) are
                // refused before routing (PathSpellingMiddleware); the rest are not found.
                let expected = PathSpellingMiddleware<ServerRequestContext>.refusal(of: path) == nil ? 404 : 400
                #expect(reply.status == expected, "\(path) answered \(reply.status)")
                #expect(!reply.text.contains("swift-tools-version"), "\(path) leaked Package.swift")
            }
            // Pages answer reads only.
            let posted = try await client.post("/")
            #expect(posted.status == 404 || posted.status == 405, "POST / answered \(posted.status)")
        }
    }

    @Test("A --web-root folder: only regular files of known kinds with plain names are served")
    func webRootFolder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-webroot-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let assets = root.appendingPathComponent("assets")
        try FileManager.default.createDirectory(at: assets.appendingPathComponent(".hidden"), withIntermediateDirectories: true)
        try Data("<!doctype html><title>x</title>".utf8).write(to: root.appendingPathComponent("index.html"))
        try Data("body{}".utf8).write(to: assets.appendingPathComponent("app.css"))
        try Data("secret".utf8).write(to: assets.appendingPathComponent(".env.txt"))
        try Data("secret".utf8).write(to: assets.appendingPathComponent(".hidden/inside.css"))
        try Data("#!/bin/sh".utf8).write(to: assets.appendingPathComponent("tool.sh"))
        let outside = root.appendingPathComponent("outside.txt")
        try Data("outside".utf8).write(to: outside)
        try FileManager.default.createSymbolicLink(at: assets.appendingPathComponent("link.txt"), withDestinationURL: outside)
        try FileManager.default.createSymbolicLink(at: assets.appendingPathComponent("linked"), withDestinationURL: root)

        let loaded = try WebAssets.load(from: root)
        #expect(loaded.asset(forPath: "/")?.contentType == "text/html; charset=utf-8")
        #expect(loaded.asset(forPath: "/assets/app.css") != nil)
        for refused in ["/assets/.env.txt", "/assets/.hidden/inside.css", "/assets/tool.sh", "/assets/link.txt", "/assets/linked/outside.txt", "/outside.txt", "/assets/../outside.txt"] {
            #expect(loaded.asset(forPath: refused) == nil, "\(refused) is served")
        }
        // A page that is not in the folder is not found, rather than served from elsewhere.
        #expect(loaded.asset(forPath: "/login") == nil)

        #expect(throws: WebAssets.LoadError.self) { try WebAssets.load(from: assets) }
        #expect(throws: WebAssets.LoadError.self) { try WebAssets.load(from: root.appendingPathComponent("missing")) }
    }
}
