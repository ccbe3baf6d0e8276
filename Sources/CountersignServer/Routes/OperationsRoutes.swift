import CountersignJSON
import Foundation
import Hummingbird
import Metrics
import NIOCore
import Prometheus
import Synchronization

/// /healthz (the process answers), /readyz (the database answers), /metrics (Prometheus text;
/// with a configured `metricsToken`, only for requests bearing it), /openapi.yaml (the API
/// description).
struct OperationsRoutes: Sendable {
    let environment: ServerEnvironment

    func register(on router: Router<ServerRequestContext>) {
        router.get("/healthz") { _, _ in Response.json(["status": "ok"]) }
        router.get("/readyz") { _, _ in
            let ready = await environment.store.ping()
            let log = await environment.log.readiness()
            let status = !ready ? "database unavailable" : log.problem ?? "ready"
            return Response.json(
                ["status": .string(status), "database": .string(environment.store.engine), "log": .object(log.json)],
                status: ready && log.problem == nil ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { request, _ in
            if let token = environment.configuration.metricsToken, !token.authorizes(request.headers[.authorization]) {
                let refusal = ServiceError(.unauthenticated, "metrics_unauthorized", "GET /metrics needs the metrics bearer token (Authorization: Bearer …)")
                var response = refusal.response
                response.headers[.wwwAuthenticate] = "Bearer realm=\"countersign-metrics\""
                return response
            }
            var buffer: [UInt8] = []
            MetricsRegistry.shared.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
        }
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
    }
}

/// The process-wide Prometheus registry, bootstrapped into swift-metrics once (the metrics system
/// is global: several servers in one test process share it).
enum MetricsRegistry {
    static let shared: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
