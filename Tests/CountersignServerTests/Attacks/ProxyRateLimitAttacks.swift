import CountersignJOSE
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

@testable import CountersignServer

/// Rate limits behind a reverse proxy: limits keyed by the TCP peer put every client behind a
/// proxy in one bucket, so ten bad signatures from anyone locked out the admin. With
/// `--trusted-proxy`, the proxy's X-Forwarded-For names the client; without it the header is
/// ignored; and the per-key limit counts only verified signatures.
@Suite("Attack: rate limits behind a proxy")
struct ProxyRateLimitAttacks {
    static let clientA = "203.0.113.7"
    static let clientB = "198.51.100.9"

    /// The test process is the proxy: it connects from loopback and says whom it forwards.
    static func behindProxy(_ configuration: inout ServerConfiguration) {
        // A literal that parses; were it refused, the flood test would fail on its first bucket.
        configuration.trustedProxies = (try? IPAddressBlock(cidr: "127.0.0.1/32")).map { [$0] } ?? []
    }

    /// `count` admin requests signed with a wrong key, from `client` as the proxy reports it.
    static func flood(_ server: TestServer, from client: String, count: Int) async throws -> [Int] {
        var statuses: [Int] = []
        for guess in 0..<count {
            let wrong = AdminClient(server: server, adminKey: Array(repeating: UInt8(guess), count: 32))
            let reply = try await wrong.post("/api/admin/invitations", ["name": "mallory"], headers: [("X-Forwarded-For", "10.9.9.9, \(client)")])
            statuses.append(reply.status)
        }
        return statuses
    }

    @Test("Rate limits behind a proxy: a flood of bad signatures from client A does not lock out the admin at client B", arguments: Engine.available)
    func floodDoesNotLockOutAdmin(engine: Engine) async throws {
        try await TestServer.with(engine, configure: Self.behindProxy) { server in
            let statuses = try await Self.flood(server, from: Self.clientA, count: 14)
            #expect(statuses.prefix(10).allSatisfy { $0 == 401 } && statuses.suffix(4).allSatisfy { $0 == 429 }, "\(statuses)")
            let admin = AdminClient(server: server)
            // The admin, behind the same proxy at another address, is served.
            try expectStatus(try await admin.post("/api/admin/invitations", ["name": "bob"], headers: [("X-Forwarded-For", Self.clientB)]), 201)
            // Client A stays locked out, even with the right key.
            expectError(try await admin.post("/api/admin/invitations", ["name": "carol"], headers: [("X-Forwarded-For", Self.clientA)]), 429, "rate_limited")
            // A forged left part of the header does not move the client to another bucket: the
            // proxy appended A on the right.
            expectError(
                try await admin.post("/api/admin/invitations", ["name": "dave"], headers: [("X-Forwarded-For", "\(Self.clientB), \(Self.clientA)")]),
                429, "rate_limited")
            // The same for member signatures: a stranger's flood from A, then Alice from B.
            let alice = try await MemberSignatureTests.attestedMember(server)
            let stranger = MemberSigner(server: server, key: try JWK.generate(for: .ed25519))
            var memberStatuses: [Int] = []
            for _ in 0..<12 {
                memberStatuses.append(try await stranger.send(.GET, "/api/statements", headers: [("X-Forwarded-For", Self.clientA)]).status)
            }
            #expect(memberStatuses.prefix(10).allSatisfy { $0 == 401 } && memberStatuses.suffix(2).allSatisfy { $0 == 429 }, "\(memberStatuses)")
            let aliceSigner = MemberSigner(server: server, key: alice.signingKey)
            try expectStatus(try await aliceSigner.send(.GET, "/api/statements", headers: [("X-Forwarded-For", Self.clientB)]), 200)
            expectError(try await aliceSigner.send(.GET, "/api/statements", headers: [("X-Forwarded-For", Self.clientA)]), 429, "rate_limited")
            // The refusals are audited with the client's address, not the proxy's.
            let refused = try await admin.auditEvents("admin.refused")
            #expect(refused.count >= 10)
            #expect(refused.allSatisfy { $0["details"]?.objectValue?["private"]?.objectValue?["client"]?.stringValue == Self.clientA }, "\(refused)")
        }
    }

    @Test("Without --trusted-proxy, X-Forwarded-For is ignored: the TCP peer is the client", arguments: Engine.available)
    func headerIgnoredWithoutTrustedProxy(engine: Engine) async throws {
        for untrusted in [[], [try IPAddressBlock(cidr: "10.0.0.0/8"), try IPAddressBlock(cidr: "fd00::/8")]] {
            try await TestServer.with(engine, configure: { $0.trustedProxies = untrusted }) { server in
                _ = try await Self.flood(server, from: Self.clientA, count: 10)
                // Claiming another address changes nothing: everyone here is 127.0.0.1.
                let admin = AdminClient(server: server)
                expectError(
                    try await admin.post("/api/admin/invitations", ["name": "bob"], headers: [("X-Forwarded-For", Self.clientB)]), 429, "rate_limited")
                server.clock.advance(by: 61)
                let refused = try await admin.auditEvents("admin.refused")
                #expect(refused.count >= 10 && refused.allSatisfy { $0["details"]?.objectValue?["private"]?.objectValue?["client"]?.stringValue == "127.0.0.1" }, "\(refused)")
            }
        }
    }

    @Test("The key-id limit applies after verification: forged signatures naming the admin key do not spend its budget", arguments: Engine.available)
    func keyLimitAfterVerification(engine: Engine) async throws {
        try await TestServer.with(engine, configure: {
            Self.behindProxy(&$0)
            $0.signedRequestsPerKeyPerMinute = 3
        }) { server in
            // Twenty forged signatures naming keyid "admin", from many addresses.
            for index in 0..<20 {
                _ = try await Self.flood(server, from: "203.0.113.\(index + 10)", count: 1)
            }
            let admin = AdminClient(server: server)
            for name in ["bob", "carol", "dave"] {
                try expectStatus(try await admin.post("/api/admin/invitations", ["name": .string(name)], headers: [("X-Forwarded-For", Self.clientB)]), 201)
            }
            // The fourth verified request in the minute is over the key's limit, from any address.
            expectError(
                try await admin.post("/api/admin/invitations", ["name": "erin"], headers: [("X-Forwarded-For", "198.51.100.77")]), 429, "rate_limited")
            server.clock.advance(by: 61)
            try expectStatus(try await admin.post("/api/admin/invitations", ["name": "erin"], headers: [("X-Forwarded-For", Self.clientB)]), 201)
        }
    }

    @Test("X-Forwarded-For is read from the right: trusted hops are skipped, garbage stops the walk, IPv6 and mapped IPv4 are understood")
    func forwardedForWalk() throws {
        let trusted = [try IPAddressBlock(cidr: "127.0.0.1/32"), try IPAddressBlock(cidr: "10.0.0.0/8"), try IPAddressBlock(cidr: "fd00::/8")]
        func client(_ peer: String, _ header: [String]) -> String { ClientAddressMiddleware.client(peer: peer, forwardedFor: header, trusting: trusted) }
        #expect(client("127.0.0.1", ["203.0.113.7"]) == "203.0.113.7")
        #expect(client("127.0.0.1", ["1.1.1.1, 203.0.113.7, 10.0.0.2"]) == "203.0.113.7")
        #expect(client("127.0.0.1", ["1.1.1.1", "203.0.113.7"]) == "203.0.113.7")
        #expect(client("::ffff:127.0.0.1", ["2001:db8::1"]) == "2001:db8::1")
        #expect(client("fd00::5", ["[2001:db8::2]"]) == "2001:db8::2")
        #expect(client("127.0.0.1", ["203.0.113.7, not-an-address"]) == "127.0.0.1")
        #expect(client("127.0.0.1", []) == "127.0.0.1")
        #expect(client("127.0.0.1", ["10.0.0.3, 10.0.0.2"]) == "10.0.0.3")
        #expect(client("192.0.2.1", ["203.0.113.7"]) == "192.0.2.1")
        #expect(ClientAddressMiddleware.client(peer: "127.0.0.1", forwardedFor: ["203.0.113.7"], trusting: []) == "127.0.0.1")
        for bad in ["10.0.0.0", "10.1.2.3/8", "10.0.0.0/33", "fd00::/129", "host/8", "10.0.0.0/ 8", ""] {
            #expect(throws: IPAddressBlockError.self, "\(bad)") { _ = try IPAddressBlock(cidr: bad) }
        }
        #expect(try IPAddressBlock(cidr: "::/0").contains(IPAddressBlock.addressBytes("2001:db8::1") ?? []))
        #expect(try IPAddressBlock(cidr: "0.0.0.0/0").contains(IPAddressBlock.addressBytes("::ffff:192.0.2.1") ?? []))
    }
}
