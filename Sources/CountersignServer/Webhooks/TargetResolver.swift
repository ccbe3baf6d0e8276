import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Resolves a webhook host to its addresses with the system resolver (getaddrinfo), on NIO's
/// blocking-I/O thread pool so that no cooperative thread waits for DNS.
enum TargetResolver {
    /// At most this many addresses are kept (and classified) per host.
    static let maxAddresses = 64

    /// The addresses of `host` (a name or a literal, without brackets); throws when it does
    /// not resolve.
    static func addresses(of host: String) async throws(WebhookTargetError) -> [IPAddress] {
        if let literal = IPAddress(literal: host) { return [literal] }
        let result: Result<[IPAddress], WebhookTargetError>
        do {
            result = try await NIOThreadPool.singleton.runIfActive { lookup(host) }
        } catch {
            throw .unresolvable(host, "the resolver is not available: \(error)")
        }
        return try result.get()
    }

    private static func lookup(_ host: String) -> Result<[IPAddress], WebhookTargetError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else { return .failure(.unresolvable(host, String(cString: gai_strerror(status)))) }
        defer { freeaddrinfo(list) }
        var addresses: [IPAddress] = []
        var cursor = list
        while let entry = cursor, addresses.count < maxAddresses {
            if let socketAddress = entry.pointee.ai_addr {
                switch Int32(entry.pointee.ai_family) {
                case AF_INET:
                    let bytes = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                        withUnsafeBytes(of: pointer.pointee.sin_addr) { Array($0) }
                    }
                    if let address = IPAddress(bytes: bytes), !addresses.contains(address) { addresses.append(address) }
                case AF_INET6:
                    let bytes = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
                    }
                    if let address = IPAddress(bytes: bytes), !addresses.contains(address) { addresses.append(address) }
                default:
                    break
                }
            }
            cursor = entry.pointee.ai_next
        }
        guard !addresses.isEmpty else { return .failure(.unresolvable(host, "no addresses")) }
        return .success(addresses)
    }
}
