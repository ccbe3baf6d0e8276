import CountersignStore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The Countersign HTTP server: builds the router over a `ServerEnvironment` and runs it with its
/// background services (live-update hub, audit checkpoints, cleanup of expired ceremonies and
/// sessions, the webhook outbox, the runner of scheduled operations).
public enum CountersignServer {
    /// The application, ready for `runService()` (or for tests, `run` inside a service group).
    /// `onServerRunning` receives the bound port (useful with port 0).
    public static func application(
        environment: ServerEnvironment, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = router(environment: environment)
        _ = MetricsRegistry.shared

        let configuration = environment.configuration
        return Application(
            router: router,
            // HTTP/1.1 limits: the idle timeout closes connections that stall, between requests
            // or inside an unfinished request head (slowloris); the decoder bounds the head.
            server: .http1(
                configuration: .init(
                    idleTimeout: .nanoseconds(Int64(configuration.connectionIdleTimeout * 1_000_000_000)),
                    httpDecoderConfiguration: .init(
                        maxHeaderFieldSize: configuration.maxHeaderBytes, maxHeaderListSize: configuration.maxHeaderBytes,
                        maxHeaderFieldCount: configuration.maxHeaderFields))),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            services: [
                environment.events, environment.services.checkpointer,
                Housekeeper(
                    store: environment.store, clock: environment.services.clock, interval: configuration.housekeepingInterval,
                    logger: environment.logger),
                environment.services.webhookDispatcher, environment.services.webhookDeliverer, environment.services.mailDeliverer,
                environment.services.dailyReminder,
                environment.services.operationRunner, environment.services.statementDeadlines, environment.services.passkeyProviderBackfill,
                LogSequencer(log: environment.log, configuration: configuration, clock: environment.clock, logger: environment.logger),
            ],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: environment.logger)
    }

    /// Every route the router serves, as "METHOD /path" with OpenAPI's `{name}` for captures
    /// (`RouteDocumentationTests` compares them with openapi.yaml).
    public static func routes(environment: ServerEnvironment) -> [String] {
        router(environment: environment).routes.map { route in
            let path = route.path.description.split(separator: "/", omittingEmptySubsequences: false).map { segment in
                segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
            }.joined(separator: "/")
            return "\(route.method.rawValue) \(path)"
        }
    }

    /// The router with its middlewares and every route.
    static func router(environment: ServerEnvironment) -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        // Outermost first. The security headers and the metrics wrap the error middleware so
        // that they see the final response of a refusal too: inside it, a thrown error passed
        // them by (error responses lacked the headers, and metrics counted every 4xx as a 500).
        // The security headers only decorate the response on its way out and decide nothing
        // before it; the path's spelling is checked right after, before any middleware that
        // decides on the path (metrics, the Origin check, the web app) and before the router.
        router.add(middleware: SecurityHeadersMiddleware(origins: environment.configuration.origins))
        router.add(middleware: PathSpellingMiddleware())
        router.add(middleware: ClientAddressMiddleware(trustedProxies: environment.configuration.trustedProxies))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: OriginCheckMiddleware(allowedOrigins: Set(environment.configuration.origins)))
        router.add(middleware: WebAppMiddleware(assets: environment.webAssets))
        PasskeyRoutes(environment: environment).register(on: router)
        KeyRoutes(environment: environment).register(on: router)
        KeyLifecycleRoutes(environment: environment).register(on: router)
        KeyCopyRoutes(environment: environment).register(on: router)
        PasskeyLifecycleRoutes(environment: environment).register(on: router)
        PasskeyAddRoutes(environment: environment).register(on: router)
        StatementRoutes(environment: environment).register(on: router)
        CommentRoutes(environment: environment).register(on: router)
        EmailRoutes(environment: environment).register(on: router)
        DirectoryRoutes(environment: environment).register(on: router)
        TemplateRoutes(environment: environment).register(on: router)
        EvidenceRoutes(environment: environment).register(on: router)
        AuditRoutes(environment: environment).register(on: router)
        EventRoutes(environment: environment).register(on: router)
        AdminRoutes(environment: environment).register(on: router)
        ServerKeyRoutes(environment: environment).register(on: router)
        OperationsRoutes(environment: environment).register(on: router)
        MemberOperationRoutes(environment: environment).register(on: router)
        LogRoutes(environment: environment).register(on: router)
        return router
    }
}

/// Deletes expired ceremonies, sessions and request nonces every `interval` (a minute).
struct Housekeeper: Service, CustomStringConvertible {
    let store: any Store
    let clock: ServerClock
    let interval: TimeInterval
    let logger: Logger
    var description: String { "Housekeeper" }

    func run() async throws {
        try? await cancelWhenGracefulShutdown { try await loop() }
    }

    private func loop() async throws {
        while !Task.isCancelled {
            let now = clock.now
            do {
                try await store.write { tx in
                    _ = try await tx.deleteExpiredCeremonies(now: now)
                    _ = try await tx.deleteExpiredSessions(now: now)
                    _ = try await tx.deleteExpiredNonces(now: now)
                }
            } catch {
                logger.warning("housekeeping failed", metadata: ["error": "\(error)"])
            }
            try await Task.sleep(for: .seconds(interval))
        }
    }
}
