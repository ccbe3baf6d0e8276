import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core storage plus the client's address (for rate
/// limits and audit details).
public struct ServerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address, or "unknown": the TCP peer's, until `ClientAddressMiddleware`
    /// replaces it with the address a trusted reverse proxy reports.
    public internal(set) var clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Hummingbird's own cap; the routes read bodies with the configured, smaller limits.
    public var maxUploadSize: Int { 4 * 1024 * 1024 }
}
