import Foundation
import Testing
@testable import CountersignServer

/// The address classifier behind the SSRF rules, the URL checks and the backoff schedule.
@Suite("Webhook targets")
struct WebhookAddressTests {
    static func category(_ literal: String) -> AddressCategory? {
        IPAddress(literal: literal).map(AddressClassifier.category(of:))
    }

    @Test("IPv4 ranges", arguments: [
        ("127.0.0.1", AddressCategory.loopback), ("127.255.255.254", .loopback),
        ("10.0.0.1", .private), ("172.16.0.1", .private), ("172.31.255.255", .private), ("192.168.1.1", .private),
        ("169.254.169.254", .linkLocal), ("169.254.0.1", .linkLocal),
        ("100.64.0.1", .sharedAddressSpace), ("100.127.255.255", .sharedAddressSpace),
        ("0.0.0.0", .unspecified), ("0.1.2.3", .unspecified),
        ("224.0.0.1", .multicast), ("239.255.255.250", .multicast),
        ("255.255.255.255", .broadcast), ("240.0.0.1", .reserved),
        ("192.0.2.1", .reserved), ("198.18.0.1", .reserved), ("203.0.113.9", .reserved),
        ("8.8.8.8", .global), ("1.1.1.1", .global), ("172.32.0.1", .global), ("172.15.255.255", .global),
        ("100.128.0.1", .global), ("169.253.255.255", .global), ("11.0.0.1", .global), ("93.184.216.34", .global),
    ])
    func ipv4(literal: String, expected: AddressCategory) {
        #expect(Self.category(literal) == expected, "\(literal)")
    }

    @Test("IPv6 ranges and embedded IPv4", arguments: [
        ("::1", AddressCategory.loopback), ("::", .unspecified),
        ("fc00::1", .private), ("fd12:3456::1", .private), ("fec0::1", .private),
        ("fe80::1", .linkLocal), ("febf::1", .linkLocal),
        ("ff02::1", .multicast), ("2001:db8::1", .reserved), ("100::1", .reserved), ("2001::1", .reserved),
        ("::ffff:127.0.0.1", .loopback), ("::ffff:10.0.0.1", .private), ("::ffff:169.254.169.254", .linkLocal),
        ("::ffff:8.8.8.8", .global), ("::127.0.0.1", .loopback), ("64:ff9b::a9fe:a9fe", .linkLocal),
        ("64:ff9b::808:808", .global), ("2002:7f00:1::", .loopback), ("2002:0808:0808::1", .global),
        ("2606:4700:4700::1111", .global), ("2a00:1450:4001::200e", .global), ("4000::1", .reserved),
    ])
    func ipv6(literal: String, expected: AddressCategory) {
        #expect(Self.category(literal) == expected, "\(literal)")
    }

    @Test("only strict literals are literals")
    func literals() {
        for text in ["", "localhost", "0x7f.1", "2130706433", "127.1", "[::1]", "fe80::1%eth0", "1.2.3.4.5", "::g"] {
            #expect(IPAddress(literal: text) == nil, "\(text)")
        }
        #expect(IPAddress(literal: "1.2.3.4")?.bytes == [1, 2, 3, 4])
        #expect(IPAddress(literal: "::ffff:1.2.3.4")?.description == "0:0:0:0:0:ffff:102:304")
    }

    @Test("the resolver's answers are classified: names and legacy numeric forms of loopback are refused")
    func resolved() async throws {
        for host in ["localhost", "127.1", "2130706433", "0x7f000001"] {
            await #expect(throws: WebhookTargetError.self, "\(host)") {
                try await WebhookTarget("http://\(host)/").check(allowPrivate: false)
            }
        }
        try await WebhookTarget("http://127.0.0.1/").check(allowPrivate: true)
        try await WebhookTarget("http://8.8.8.8/").check(allowPrivate: false)
    }

    @Test("URL rules")
    func urls() throws {
        for good in ["https://example.com/hook", "http://example.com:8080/a?b=c", "https://[2606:4700::1]/x"] {
            #expect(throws: Never.self, "\(good)") { _ = try WebhookTarget(good) }
        }
        #expect(try WebhookTarget("https://[2606:4700::1]/x").host == "2606:4700::1")
        #expect(try WebhookTarget("https://[2606:4700::1]:8443/x?token=secret").origin == "https://[2606:4700::1]:8443")
        #expect(try WebhookTarget("HTTPS://Hooks.Example.com/T0KEN").origin == "https://hooks.example.com")
        for bad in ["ftp://example.com/", "https://user@example.com/", "https://u:p@example.com/", "example.com/hook",
                    "https://example.com/#x", "https://exa mple.com/", "https:///path", "https://example.com/\u{e9}",
                    "https://" + String(repeating: "a", count: 1995) + ".com"] {
            #expect(throws: WebhookTargetError.self, "\(bad)") { _ = try WebhookTarget(bad) }
        }
    }

    @Test("backoff doubles from the initial delay up to the cap, with bounded jitter")
    func backoff() {
        let backoff = WebhookBackoff(initial: 5, maximum: 3600)
        #expect((1...6).map { backoff.nominalDelay(after: $0) } == [5, 10, 20, 40, 80, 160])
        #expect(backoff.nominalDelay(after: 20) == 3600)
        #expect(backoff.delay(after: 1, jitter: 0.8) == 4)
        #expect(backoff.delay(after: 30, jitter: 1.2) == 3600)
        for attempt in 1...12 {
            let delay = backoff.delay(after: attempt)
            #expect(delay >= backoff.nominalDelay(after: attempt) * 0.8 && delay <= 3600)
        }
    }
}
