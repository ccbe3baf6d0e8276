import AsyncHTTPClient
import CountersignClient
import NIOCore

/// The HTTP client every command's requests go through.
///
/// A command makes one request (or a few) for a person waiting at a terminal, so a refused
/// connection is reported at once instead of retried until the 30-second request timeout, as
/// a long-running service's client would (AsyncHTTPClient's `retryConnectionEstablishment`);
/// connecting gives up after 10 seconds. The client lives as long as the process, which exits
/// without shutting it down, as with `HTTPClient.shared`.
enum CommandLineHTTP {
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// A client of `server` signing as `credentials`, over `client`.
    static func countersign(server: String, credentials: CountersignClient.Credentials) -> CountersignClient {
        CountersignClient(server: server, credentials: credentials, httpClient: client)
    }
}
