import CountersignJSON
import CountersignStore
import Hummingbird
import Logging

/// Turns every failure into the API's JSON error shape, in one place. A `ServiceError` gets the
/// status of its kind; a framework HTTPError (unknown route, body too large) keeps its status with
/// a generic code; a database that is full, read-only or out of reach is 503 with its own code
/// (`ServiceError(storeFailure:)`); anything else is a bug: logged, and answered 500 without details.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ServiceError {
            return error.response
        } catch let error as HTTPError {
            let code = switch error.status {
            case .notFound: "not_found"
            case .methodNotAllowed: "method_not_allowed"
            case .contentTooLarge: "body_too_large"
            default: "http_\(error.status.code)"
            }
            let message = error.body ?? error.status.reasonPhrase
            let body: JSONValue = .object(["error": .object(["code": .string(code), "message": .string(message)])])
            return .json(body, status: error.status)
        } catch let error as StoreError {
            guard let refusal = ServiceError(storeFailure: error) else { return Self.unhandled(error, request, context) }
            context.logger.error("store failure", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return refusal.response
        } catch {
            return Self.unhandled(error, request, context)
        }
    }

    /// A bug: logged with the details, answered 500 without them.
    private static func unhandled(_ error: any Error, _ request: Request, _ context: Context) -> Response {
        context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
        return ServiceError(.internalFailure, "internal", "the server failed; the operation was not applied").response
    }
}
