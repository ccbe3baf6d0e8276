/// What kind of network an address belongs to, as far as webhook targets are concerned.
enum AddressCategory: String, Sendable, Hashable {
    /// Globally routable: the only category a webhook may target by default.
    case global
    case loopback
    /// RFC 1918, IPv6 unique local (fc00::/7) and deprecated site-local (fec0::/10).
    case `private`
    /// 169.254/16 (including cloud metadata at 169.254.169.254) and fe80::/10.
    case linkLocal = "link-local"
    /// RFC 6598 carrier-grade NAT, 100.64/10.
    case sharedAddressSpace = "shared address space"
    case unspecified
    case multicast
    case broadcast
    /// Documentation, benchmarking, protocol assignments, future use, discard and tunnelling
    /// prefixes: never a legitimate receiver.
    case reserved
}

/// Sorts addresses into `AddressCategory`. Addresses that embed an IPv4 address (IPv4-mapped
/// ::ffff:0:0/96, IPv4-compatible ::/96, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by the
/// embedded address, so that "::ffff:127.0.0.1" is loopback, not global.
enum AddressClassifier {
    static func category(of address: IPAddress) -> AddressCategory {
        address.isIPv4 ? ipv4(address) : ipv6(address)
    }

    /// True when a webhook may target `address` without the allow-private setting.
    static func isPublic(_ address: IPAddress) -> Bool { category(of: address) == .global }

    private static func ipv4(_ a: IPAddress) -> AddressCategory {
        let rules: [([UInt8], Int, AddressCategory)] = [
            ([255, 255, 255, 255], 32, .broadcast),
            ([0, 0, 0, 0], 8, .unspecified),
            ([127, 0, 0, 0], 8, .loopback),
            ([10, 0, 0, 0], 8, .private),
            ([172, 16, 0, 0], 12, .private),
            ([192, 168, 0, 0], 16, .private),
            ([100, 64, 0, 0], 10, .sharedAddressSpace),
            ([169, 254, 0, 0], 16, .linkLocal),
            ([192, 0, 0, 0], 24, .reserved),
            ([192, 0, 2, 0], 24, .reserved),
            ([198, 18, 0, 0], 15, .reserved),
            ([198, 51, 100, 0], 24, .reserved),
            ([203, 0, 113, 0], 24, .reserved),
            ([192, 88, 99, 0], 24, .reserved),
            ([224, 0, 0, 0], 4, .multicast),
            ([240, 0, 0, 0], 4, .reserved),
        ]
        return rules.first { a.isIn($0.0, length: $0.1) }?.2 ?? .global
    }

    private static func ipv6(_ a: IPAddress) -> AddressCategory {
        let b = a.bytes
        if b.allSatisfy({ $0 == 0 }) { return .unspecified }
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return .loopback }
        // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64).
        let mapped: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + [0, 0, 0, 0]
        let nat64: [UInt8] = [0, 0x64, 0xFF, 0x9B] + [UInt8](repeating: 0, count: 12)
        if a.isIn(mapped, length: 96) || a.isIn([UInt8](repeating: 0, count: 16), length: 96) || a.isIn(nat64, length: 96) {
            return category(of: IPAddress(bytes: Array(b[12..<16]))!)
        }
        if a.isIn(pad([0x20, 0x02]), length: 16) { return category(of: IPAddress(bytes: Array(b[2..<6]))!) }
        let rules: [([UInt8], Int, AddressCategory)] = [
            (pad([0xFC]), 7, .private),
            (pad([0xFE, 0xC0]), 10, .private),
            (pad([0xFE, 0x80]), 10, .linkLocal),
            (pad([0xFF]), 8, .multicast),
            (pad([0x20, 0x01, 0x0D, 0xB8]), 32, .reserved),  // documentation
            (pad([0x20, 0x01, 0x00, 0x00]), 32, .reserved),  // Teredo
            (pad([0x20, 0x01, 0x00, 0x02]), 48, .reserved),  // benchmarking
            (pad([0x01, 0x00]), 64, .reserved),  // discard-only
            (pad([0x3F, 0xFF]), 20, .reserved),  // documentation (RFC 9637)
            (pad([0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01]), 48, .reserved),  // local-use NAT64
        ]
        if let rule = rules.first(where: { a.isIn($0.0, length: $0.1) }) { return rule.2 }
        // Only 2000::/3 is allocated global unicast; anything else is not a plausible receiver.
        return a.isIn(pad([0x20]), length: 3) ? .global : .reserved
    }

    private static func pad(_ prefix: [UInt8]) -> [UInt8] { prefix + [UInt8](repeating: 0, count: 16 - prefix.count) }
}
