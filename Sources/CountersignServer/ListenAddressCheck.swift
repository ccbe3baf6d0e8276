import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Checks, before a server creates anything, that it will be able to listen where it is told to.
///
/// `countersign serve` creates the ADMIN_KEY on its first start and prints it once. A start that
/// then failed to bind its port (the port busy, the address not local) had already created and
/// printed a key "shown only this once", for a server that never ran. The start therefore binds
/// the address first, the same way the server will (SO_REUSEADDR, the first address the host name
/// resolves to), releases it, and only then creates secrets. Port 0 (any free port) always binds.
public enum ListenAddressCheck {
    /// Throws `ListenAddressError` when `host`:`port` cannot be bound now.
    public static func requireBindable(host: String, port: Int) throws(ListenAddressError) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var results: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &results)
        guard resolved == 0, let first = results else {
            throw ListenAddressError(host: host, port: port, reason: "cannot resolve the host: \(String(cString: gai_strerror(resolved)))")
        }
        defer { freeaddrinfo(results) }
        let descriptor = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard descriptor >= 0 else {
            throw ListenAddressError(host: host, port: port, reason: "cannot open a socket: \(String(cString: strerror(errno)))")
        }
        defer { _ = close(descriptor) }
        var one: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            throw ListenAddressError(host: host, port: port, reason: String(cString: strerror(errno)))
        }
        guard listen(descriptor, 1) == 0 else {
            throw ListenAddressError(host: host, port: port, reason: String(cString: strerror(errno)))
        }
    }
}

/// The address a server was told to listen on cannot be bound.
public struct ListenAddressError: Error, Sendable, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let reason: String

    public var description: String { "cannot listen on \(host):\(port): \(reason); nothing was created or changed" }
}
