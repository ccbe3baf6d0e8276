import Foundation
import HTTPTypes
import Hummingbird

/// Sets `ServerRequestContext.clientAddress`, the address that rate limits and audit details key
/// on, before any route or limit reads it.
///
/// The TCP peer is the client, unless the peer is one of the operator's trusted reverse proxies
/// (`ServerConfiguration.trustedProxies`, `--trusted-proxy CIDR`). Then X-Forwarded-For says who
/// the proxy served: read from the right, each trusted proxy appended the address it saw, so the
/// client is the right-most address that is not itself a trusted proxy. Everything left of that is
/// what the client sent and is ignored (anyone can write X-Forwarded-For). Without trusted proxies,
/// or from a peer that is not one, the header is ignored entirely: otherwise every client could
/// pick its own rate-limit bucket, and behind a proxy without this setting every client shares the
/// proxy's bucket (one client's failures lock out all of them).
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext

    let trustedProxies: [IPAddressBlock]

    static var forwardedFor: HTTPField.Name { HTTPField.Name("X-Forwarded-For")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.clientAddress = Self.client(peer: context.clientAddress, forwardedFor: request.headers[values: Self.forwardedFor], trusting: trustedProxies)
        return try await next(request, context)
    }

    /// The client's address for a request from `peer` carrying the X-Forwarded-For field lines
    /// `forwardedFor`.
    static func client(peer: String, forwardedFor: [String], trusting trustedProxies: [IPAddressBlock]) -> String {
        func trusted(_ bytes: [UInt8]) -> Bool { trustedProxies.contains { $0.contains(bytes) } }
        guard !trustedProxies.isEmpty, let peerBytes = IPAddressBlock.addressBytes(peer), trusted(peerBytes) else { return peer }
        var client = IPAddressBlock.text(peerBytes)
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            let bare = hop.hasPrefix("[") && hop.hasSuffix("]") ? String(hop.dropFirst().dropLast()) : hop
            // An entry that is not an address was not written by a proxy we trust: stop at the
            // last proxy that spoke.
            guard let bytes = IPAddressBlock.addressBytes(bare) else { break }
            client = IPAddressBlock.text(bytes)
            if !trusted(bytes) { break }
        }
        return client
    }
}
