#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 (4 bytes) or IPv6 (16 bytes) address, in network byte order.
struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    let bytes: [UInt8]

    /// An address of exactly 4 or 16 bytes.
    init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// A strict textual literal: dotted-quad IPv4 ("192.0.2.1") or IPv6 ("::1", "::ffff:10.0.0.1"),
    /// without brackets or zone. Legacy forms such as "0x7f.1" or "2130706433" are not literals
    /// here (the resolver still turns them into addresses, which are then classified).
    init?(literal: String) {
        guard !literal.isEmpty, literal.utf8.count <= 45, literal.allSatisfy({ $0.isASCII }) else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, literal, &v4) == 1 {
            self.bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, literal, &v6) == 1 {
            self.bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return
        }
        return nil
    }

    var isIPv4: Bool { bytes.count == 4 }

    var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2)
            .map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }

    /// True when the first `length` bits equal those of `prefix` (same family).
    func isIn(_ prefix: [UInt8], length: Int) -> Bool {
        guard prefix.count == bytes.count, length <= bytes.count * 8 else { return false }
        var remaining = length
        for index in bytes.indices where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if bytes[index] & mask != prefix[index] & mask { return false }
            remaining -= bits
        }
        return true
    }
}
