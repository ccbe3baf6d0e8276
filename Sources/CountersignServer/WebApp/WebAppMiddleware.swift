import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves the web app: GET or HEAD of a page path answers its HTML, /assets/... its file, with
/// the content type, an ETag (If-None-Match answers 304) and Cache-Control: no-cache (the
/// browser revalidates every time, so a new version is picked up at once). Everything else,
/// /api/ included, passes on to the router; an unknown path ends as the router's 404, in JSON, or
/// as the web app's 404 page for a browser asking for HTML (`HTMLNotFound`).
struct WebAppMiddleware<Context: RequestContext>: RouterMiddleware {
    let assets: WebAssets

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head, !request.uri.path.hasPrefix("/api/"),
              let asset = assets.asset(forPath: request.uri.path)
        else {
            do {
                return try await next(request, context)
            } catch let error as HTTPError where error.status == .notFound {
                // An unknown path: a browser asking for a page gets the web app's 404 page.
                guard let page = HTMLNotFound.response(for: request, assets: assets) else { throw error }
                return page
            }
        }
        var headers: HTTPFields = [.contentType: asset.contentType, .eTag: asset.etag, .cacheControl: "no-cache"]
        if let tags = request.headers[.ifNoneMatch], tags.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == asset.etag }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(asset.bytes.count)
        let body = request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: asset.bytes))
        return Response(status: .ok, headers: headers, body: body)
    }
}
