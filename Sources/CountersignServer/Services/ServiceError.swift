import CountersignStore

/// A refusal the caller can act on: what kind of refusal it is, a stable machine-readable code
/// and a message for people. Services, authenticators and routes throw it; they know nothing of
/// HTTP. The error middleware renders it once, as the API's {"error":{"code","message"}} with the
/// status its kind maps to (`ServiceError+HTTP.swift`).
public struct ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of refusal the API distinguishes. Each maps to exactly one HTTP status.
    public enum Kind: Sendable, Equatable {
        /// The request is malformed or names something in a way that cannot be accepted.
        case invalid
        /// No valid credential was presented (or it was replayed, expired or forged).
        case unauthenticated
        /// The caller is known but not allowed to do this.
        case forbidden
        case notFound
        /// The request conflicts with the current state (already done, final, pending, ...).
        case conflict
        /// Well-formed but semantically refused (a policy, a vote, a name that breaks a rule).
        case unprocessable
        case tooLarge
        case rateLimited
        /// The service cannot take the request now; retrying later may succeed.
        case unavailable
        /// A bug: nothing was applied.
        case internalFailure
    }

    public let kind: Kind
    public let code: String
    public let message: String

    public init(_ kind: Kind, _ code: String, _ message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    public var description: String { "\(kind) \(code): \(message)" }

    static func invalid(_ code: String, _ message: String) -> ServiceError { ServiceError(.invalid, code, message) }
    static func unauthorized(_ message: String = "log in first") -> ServiceError { ServiceError(.unauthenticated, "unauthenticated", message) }
    /// A signed request whose nonce was already used (the admin and member authenticators turn
    /// it into their own refusal codes).
    static var replayed: ServiceError { unauthorized("the request's nonce was already used (a replay)") }
    static func forbidden(_ code: String, _ message: String) -> ServiceError { ServiceError(.forbidden, code, message) }
    static func notFound(_ what: String) -> ServiceError { ServiceError(.notFound, "not_found", "\(what) does not exist") }
    static func conflict(_ code: String, _ message: String) -> ServiceError { ServiceError(.conflict, code, message) }
    static func unprocessable(_ code: String, _ message: String) -> ServiceError { ServiceError(.unprocessable, code, message) }
    static func rateLimited(_ message: String) -> ServiceError { ServiceError(.rateLimited, "rate_limited", message) }
    static func tooLarge(limit: Int) -> ServiceError { ServiceError(.tooLarge, "body_too_large", "the body exceeds \(limit) bytes") }
}

extension ServiceError {
    /// The refusal for a store failure the client cannot fix but can retry later, with a code
    /// naming the condition, so that an operator reading a client's report knows what to look at.
    /// Nothing of the request was applied (its transaction rolled back). The driver's own words
    /// (paths, SQL) go to the log, not to the client. Nil for store errors that are bugs.
    init?(storeFailure error: StoreError) {
        switch error {
        case .storageFull:
            self.init(
                .unavailable, error.code,
                "the disk under the database is full; nothing was saved; reads still work; retry once the operator has freed space")
        case .readOnly:
            self.init(
                .unavailable, error.code,
                "the database accepts reads only at the moment; nothing was saved; retry once it accepts writes again")
        case .unavailable:
            self.init(.unavailable, error.code, "the database cannot be reached at the moment; nothing was saved; retry shortly")
        case .tooLarge:
            self.init(.tooLarge, error.code, "the request would record an audit event larger than a log entry may be; nothing was saved")
        case .duplicate, .migration, .corruptRow, .invalidConfiguration:
            return nil
        }
    }
}
