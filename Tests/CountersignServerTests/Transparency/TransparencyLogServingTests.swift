import CountersignServer
import CountersignTestSupport
import Foundation
import Testing

/// The transparency log as the server serves and sequences it, without a witness: who may read the
/// tiles, and which instance sequences. (The log checked by the independent witness and verifier
/// is CountersignInteropTests' TransparencyLogTests.)
@Suite("Transparency log: tile readers and the sequencer")
struct TransparencyLogServingTests {
    @Test("without --log-public the tiles are for members and the admin; the checkpoint is public", arguments: [Engine.sqlite])
    func tilesNeedAReader(_ engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let admin = AdminClient(server: server)
            _ = try await admin.invite(name: "ann", roles: ["signer"])
            let anonymous = APIClient(baseURL: server.baseURL, origin: nil)
            try await eventually("a checkpoint") { try await anonymous.get("/log/checkpoint").status == 200 }
            #expect(try await anonymous.get("/log/tile/0/000.p/1").status == 401)
            #expect(try await anonymous.get("/log/tile/entries/000.p/1").status == 401)
            #expect(try await anonymous.get("/api/log/proof/inclusion?index=0").status == 401)
            try expectStatus(try await admin.get("/log/tile/0/000.p/1"), 200)
            // Paths tlog-tiles would not write, and tiles the tree does not have yet, are 404.
            for path in ["/log/tile/0/0", "/log/tile/0/000.p/0", "/log/tile/0/x000/000", "/log/tile/0/001", "/log/tile/1/000"] {
                #expect(try await admin.get(path).status == 404, "\(path)")
            }
        }
    }

    @Test("on PostgreSQL one instance sequences; when it stops, the other takes over", .enabled(if: Engine.available.contains(.postgres)))
    func sequencerTakeover() async throws {
        let lease: (inout ServerConfiguration) -> Void = { $0.logLeaseDuration = 3 }
        let first = try await TestServer.start(.postgres, configure: lease)
        let second = try await TestServer.start(.postgres, sharing: first, configure: lease)
        do {
            _ = try await AdminClient(server: second).invite(name: "ann", roles: ["signer"])
            let size = try await second.environment.log.integrate()
            try await eventually("a checkpoint of \(size) entries") {
                (try await second.environment.log.latestCheckpoint()?.size ?? 0) >= size
            }
            // The first instance took the lease at its start; it stops (its database stays).
            await first.stop(keepingDatabase: true)
            _ = try await AdminClient(server: second).invite(name: "bob", roles: ["signer"])
            // No reader asks: the remaining instance's sequencer must take the pending event itself.
            try await eventually("the remaining instance to sequence and checkpoint the new event") {
                let checkpoint = try await second.environment.log.latestCheckpoint()
                return (checkpoint?.size ?? 0) > size
            }
        } catch {
            await second.stop()
            await first.stop()
            throw error
        }
        await second.stop()
        await first.database?.drop()
    }
}
