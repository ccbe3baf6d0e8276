import CountersignJSON
import Hummingbird

/// The one place a refusal becomes HTTP: its kind's status and the API's error body.
extension ServiceError {
    var status: HTTPResponse.Status {
        switch kind {
        case .invalid: .badRequest
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .unprocessable: .unprocessableContent
        case .tooLarge: .contentTooLarge
        case .rateLimited: .tooManyRequests
        case .unavailable: .serviceUnavailable
        case .internalFailure: .internalServerError
        }
    }

    /// The body of an error response: {"error":{"code","message"}}.
    var json: JSONValue { .object(["error": .object(["code": .string(code), "message": .string(message)])]) }

    /// The response for this refusal.
    var response: Response { .json(json, status: status) }
}
