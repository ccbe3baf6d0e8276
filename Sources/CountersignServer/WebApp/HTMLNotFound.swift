import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The web app's page for an unknown path (`not-found.html`), answered with 404 to a browser
/// that asks for a page: a GET or HEAD outside /api/ whose Accept header prefers text/html to
/// JSON. API clients, and every /api/ path, keep the JSON error (docs/api.md, "Errors").
enum HTMLNotFound {
    static let fileName = "/not-found.html"

    /// The 404 page for `request`, or nil when the JSON error is the answer.
    static func response(for request: Request, assets: WebAssets) -> Response? {
        guard request.method == .get || request.method == .head, !request.uri.path.hasPrefix("/api/"),
              prefersHTML(request.headers[.accept]), let page = assets.files[fileName]
        else { return nil }
        let headers: HTTPFields = [.contentType: page.contentType, .cacheControl: "no-cache", .contentLength: String(page.bytes.count)]
        let body = request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: page.bytes))
        return Response(status: .notFound, headers: headers, body: body)
    }

    /// True when the Accept header names text/html (or text/*) with a quality above 0 and not
    /// below that of application/json. A missing header, `*/*` alone (fetch's default) or JSON
    /// first all keep JSON. At most 64 media ranges are read.
    static func prefersHTML(_ accept: String?) -> Bool {
        guard let accept, accept.utf8.count <= 4096 else { return false }
        var html = 0.0
        var json = 0.0
        for range in accept.split(separator: ",").prefix(64) {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let type = parts.first else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)).map { min(max($0, 0), 1) } ?? 0
            }
            switch type {
            case "text/html", "application/xhtml+xml": html = max(html, quality)
            case "text/*": html = max(html, quality * 0.999)
            case "application/json", "application/problem+json": json = max(json, quality)
            default: break
            }
        }
        return html > 0 && html >= json
    }
}
