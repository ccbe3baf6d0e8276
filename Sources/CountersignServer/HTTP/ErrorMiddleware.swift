import CountersignStore
import Hummingbird
import Logging

/// Turns every failure into the API's JSON error shape. Known refusals keep their status; a
/// framework HTTPError (unknown route, body too large) keeps its status with a generic code; a
/// database that is full, read-only or out of reach is 503 with its own code (`APIError(storeFailure:)`);
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
        } catch let error as StoreError {
            guard let refusal = APIError(storeFailure: error) else { return Self.unhandled(error, request, context) }
            context.logger.error("store failure", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return .json(refusal.json, status: refusal.status)
        } catch {
            return Self.unhandled(error, request, context)
        }
    }

    /// A bug: logged with the details, answered 500 without them.
    private static func unhandled(_ error: any Error, _ request: Request, _ context: Context) -> Response {
        context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
        return .json(APIError(.internalServerError, "internal", "the server failed; the operation was not applied").json, status: .internalServerError)
    }
}
