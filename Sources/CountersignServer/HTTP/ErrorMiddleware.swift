import Hummingbird
import Logging

/// Turns every failure into the API's JSON error shape. Known refusals keep their status; a
/// framework HTTPError (unknown route, body too large) keeps its status with a generic code;
/// anything else is a bug: logged, and answered 500 without details.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return .json(error.json, status: error.status)
        } catch let error as HTTPError {
            let code = switch error.status {
            case .notFound: "not_found"
            case .methodNotAllowed: "method_not_allowed"
            case .contentTooLarge: "body_too_large"
            default: "http_\(error.status.code)"
            }
            let message = error.body ?? error.status.reasonPhrase
            return .json(APIError(error.status, code, message).json, status: error.status)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return .json(APIError(.internalServerError, "internal", "the server failed; the operation was not applied").json, status: .internalServerError)
        }
    }
}
