/// Why a URL cannot be a webhook target.
enum WebhookTargetError: Error, Sendable, CustomStringConvertible {
    /// Not an absolute http(s) URL within the limits.
    case invalidURL(String)
    /// The host does not resolve.
    case unresolvable(String, String)
    /// The host is, or resolves to, an address outside the public internet.
    case refused(host: String, address: IPAddress, category: AddressCategory)

    var description: String {
        switch self {
        case .invalidURL(let reason): reason
        case .unresolvable(let host, let reason): "\(host) does not resolve: \(reason)"
        case .refused(let host, let address, let category):
            "\(host) is or resolves to \(address), a \(category.rawValue) address; webhooks may only target public addresses"
        }
    }

    /// What the audit log records as the refused target: the host, never the whole URL.
    var auditedHost: String {
        switch self {
        case .invalidURL: "(invalid URL)"
        case .unresolvable(let host, _), .refused(let host, _, _): String(host.prefix(253))
        }
    }

    /// The error as the admin API reports it (422).
    var refusal: ServiceError {
        switch self {
        case .invalidURL: ServiceError.unprocessable("invalid_webhook_url", description)
        case .unresolvable, .refused: ServiceError.unprocessable("webhook_target_refused", description)
        }
    }
}
