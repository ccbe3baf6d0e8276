import Foundation
import PostgresNIO

/// A `postgres://user:password@host:port/database?sslmode=…&prepared_statements=…` URL, checked
/// strictly: anything this parser does not understand is refused rather than ignored.
struct PostgresURL: Sendable, Equatable {
    enum TLSMode: String, Sendable {
        case disable, prefer, require
    }

    var username: String
    var password: String?
    var host: String
    var port: Int
    var database: String
    var tls: TLSMode
    /// `prepared_statements=on` (the default) or `off`: whether repeated statements run as named
    /// prepared statements (off for a connection pooler that cannot keep them).
    var preparedStatements = true

    /// Loopback hosts default to no TLS; any other host defaults to `require`.
    static let loopbackHosts: Set<String> = ["127.0.0.1", "localhost", "::1", "[::1]"]

    init(_ text: String) throws(StoreError) {
        func refuse(_ why: String) -> StoreError { .invalidConfiguration("PostgreSQL URL: \(why)") }
        guard let components = URLComponents(string: text) else { throw refuse("not a URL") }
        guard let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw refuse("scheme must be postgres:// or postgresql://")
        }
        guard let host = components.host, !host.isEmpty else { throw refuse("missing host") }
        guard let user = components.user, !user.isEmpty else { throw refuse("missing user name") }
        guard components.fragment == nil else { throw refuse("a fragment is not allowed") }
        let path = components.path
        let database = path.hasPrefix("/") ? String(path.dropFirst()) : ""
        guard !database.isEmpty, !database.contains("/") else { throw refuse("the path must be exactly /database") }
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else { throw refuse("port out of range") }

        let isLoopback = Self.loopbackHosts.contains(host.lowercased())
        var tls: TLSMode = isLoopback ? .disable : .require
        var preparedStatements = true
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let mode = TLSMode(rawValue: value) else {
                    throw refuse("sslmode must be disable, prefer or require")
                }
                tls = mode
            case "prepared_statements":
                guard let value = item.value, value == "on" || value == "off" else {
                    throw refuse("prepared_statements must be on or off")
                }
                preparedStatements = value == "on"
            default:
                throw refuse("unknown parameter \"\(item.name)\"")
            }
        }
        self.preparedStatements = preparedStatements
        self.username = user
        self.password = components.password
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = port
        self.database = database
        self.tls = tls
    }

    /// The postgres-nio configuration of one connection to this URL.
    func connectionConfiguration() throws(StoreError) -> PostgresConnection.Configuration {
        let tlsSetting: PostgresConnection.Configuration.TLS
        do {
            switch tls {
            case .disable: tlsSetting = .disable
            case .prefer: tlsSetting = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: tlsSetting = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        } catch {
            throw .invalidConfiguration("PostgreSQL URL: TLS could not be set up: \(error)")
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tlsSetting)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }
}
