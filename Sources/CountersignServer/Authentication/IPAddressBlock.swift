import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A block of IP addresses written in CIDR notation (`10.0.0.0/8`, `127.0.0.1/32`, `fd00::/8`,
/// `::1/128`), as the operator names reverse proxies with `--trusted-proxy`. IPv4 and IPv6; an
/// IPv4 address given in its IPv4-mapped IPv6 form (`::ffff:10.1.2.3`, what a dual-stack socket
/// reports) is the same address as its IPv4 form.
public struct IPAddressBlock: Sendable, Hashable, CustomStringConvertible {
    /// The network's address bytes (4 or 16), host bits cleared.
    let network: [UInt8]
    /// The prefix length in bits.
    let prefixLength: Int

    /// Parses `a.b.c.d/n` (n 0...32) or `ipv6/n` (n 0...128). A bare address is refused: the
    /// operator says how wide the block is. Host bits set below the prefix are refused too, since
    /// `10.1.2.3/8` more likely hides a typo than means `10.0.0.0/8`.
    public init(cidr text: String) throws(IPAddressBlockError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let bytes = Self.addressBytes(String(parts[0])), let length = Int(parts[1]),
              String(length) == parts[1], (0...bytes.count * 8).contains(length)
        else { throw IPAddressBlockError(text: text, reason: "expected ADDRESS/PREFIX, e.g. 10.0.0.0/8 or fd00::/8") }
        guard Self.masked(bytes, length) == bytes else {
            throw IPAddressBlockError(text: text, reason: "bits are set below the /\(length) prefix")
        }
        network = bytes
        prefixLength = length
    }

    public var description: String { "\(Self.text(network))/\(prefixLength)" }

    /// Whether `address` (4 or 16 bytes, as `addressBytes` returns) lies in this block.
    func contains(_ address: [UInt8]) -> Bool {
        address.count == network.count && Self.masked(address, prefixLength) == network
    }

    /// The bytes of an IPv4 (4) or IPv6 (16) address written as text; IPv4-mapped IPv6 addresses
    /// give their 4 IPv4 bytes. Nil for anything else (a host name, a port, garbage).
    static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff { return Array(bytes[12...]) }
        return bytes
    }

    /// The canonical text of address bytes (4 or 16).
    static func text(_ bytes: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let text: String? = bytes.withUnsafeBytes { raw in
            buffer.withUnsafeMutableBufferPointer { out in
                guard let result = inet_ntop(family, raw.baseAddress, out.baseAddress, socklen_t(out.count)) else { return nil }
                return String(cString: result)
            }
        }
        return text ?? bytes.map { String($0) }.joined(separator: ".")
    }

    private static func masked(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let bits = max(0, min(8, length - index * 8))
            return bits == 0 ? 0 : byte & UInt8(truncatingIfNeeded: 0xff << (8 - bits))
        }
    }
}

/// A `--trusted-proxy` value that is not a CIDR block.
public struct IPAddressBlockError: Error, Sendable, CustomStringConvertible {
    public let text: String
    public let reason: String

    public var description: String { "\(text) is not a CIDR block: \(reason)" }
}
