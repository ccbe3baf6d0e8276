import CountersignHTTPSignatures
import Foundation
import HTTPTypes
import Hummingbird

/// The request as RFC 9421 sees it, shared by the admin and member signature checks so that both
/// reconstruct the signed target URI the same way.
enum SignedRequest {
    /// Whether the request carries a signature at all (Signature-Input); such a request is
    /// authenticated by its signature, never by a cookie.
    static func isSigned(_ request: Request) -> Bool {
        request.headers[signatureInput] != nil
    }

    /// The message to verify: method, the target URI as the client addressed it (behind a TLS
    /// proxy the scheme is https, as X-Forwarded-Proto says), every header field, and `body`,
    /// the bytes the route has already read.
    static func message(from request: Request, body: [UInt8]) throws(ServiceError) -> HTTPMessage {
        guard let host = request.head.authority else { throw .unauthorized("the request has no Host") }
        let scheme = request.headers[forwardedProto] == "https" ? "https" : "http"
        let fields = request.headers.map { CountersignHTTPSignatures.HTTPField(name: $0.name.canonicalName, value: $0.value) }
        return HTTPMessage(
            method: request.method.rawValue,
            targetURI: TargetURI(scheme: scheme, authority: host, path: request.uri.path, query: request.uri.query),
            fields: fields, body: body)
    }

    /// Stores the verified signature's nonce under `keyID` (`SignatureNonce`): a read's (GET,
    /// HEAD) in this instance's memory (`ReadNonces`), any other in a write of its own. A nonce
    /// already stored is a replay.
    static func recordNonce(
        of verified: VerifiedSignature, keyID: String, method: String, in environment: ServerEnvironment
    ) async throws {
        let nonce = SignatureNonce(of: verified, keyID: keyID, window: environment.configuration.requestSignatureWindow)
        if method == "GET" || method == "HEAD" {
            switch environment.readNonces.record(nonce, now: environment.now) {
            case .recorded: return
            case .replayed: throw ServiceError.replayed
            case .durable: break
            }
        }
        do {
            try await nonce.spendAlone(in: environment.store)
        } catch is SignatureNonce.Replay {
            throw ServiceError.replayed
        }
    }

    static var forwardedProto: HTTPTypes.HTTPField.Name { HTTPTypes.HTTPField.Name("X-Forwarded-Proto")! }
    static var signatureInput: HTTPTypes.HTTPField.Name { HTTPTypes.HTTPField.Name("Signature-Input")! }
}
