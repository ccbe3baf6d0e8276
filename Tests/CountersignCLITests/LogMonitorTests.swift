import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignServer
import CountersignTLog
import CountersignTestSupport
import Foundation
import Testing

/// `countersign log monitor` (key transparency): a member watches their own passkeys and keys in
/// the log, through the real CLI against a real server.
@Suite("Log monitor: a member sees every passkey and key added for them")
struct LogMonitorTests {
    @Test("an admin's key enrolment for a passkey member is flagged until acknowledged", arguments: Engine.available)
    func flagsAdminEnrolment(_ engine: Engine) async throws {
        try await TestServer.with(engine, configure: { $0.dangerousOperationDelay = 3600 }) { server in
            let ann = try await registeredMember(server, name: "ann")
            try expectStatus(try await ann.attestKey(), 201)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-monitor-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let keyFile = folder.appendingPathComponent("ann.jwk")
            try Data(JCS.canonicalize(.object(ann.signingKey.jsonObject(includePrivate: true)))).write(to: keyFile)
            let state = folder.appendingPathComponent("state.json")

            try await LogMonitor.checkpointed(server)
            let baseline = try await LogMonitor.run(server, member: ann.id, state: state, key: keyFile)
            #expect(baseline.exitCode == 0, "\(baseline.output)")
            #expect(baseline.output.contains("baseline"), "\(baseline.output)")
            #expect(baseline.output.contains("passkey.registered") && baseline.output.contains("key.attested"), "\(baseline.output)")
            let quiet = try await LogMonitor.run(server, member: ann.id, state: state, key: keyFile)
            #expect(quiet.exitCode == 0 && quiet.output.contains("nothing new"), "\(quiet.output)")

            // The admin enrols a key for ann with a user token: announced, delayed, and now in the log.
            let (reply, enrolled) = try await KeyEnrolment.enrol(server, for: ann.id)
            try expectStatus(reply, 202)
            try await LogMonitor.checkpointed(server)
            let flagged = try await LogMonitor.run(server, member: ann.id, state: state, key: keyFile)
            #expect(flagged.exitCode == 1, "\(flagged.output)")
            #expect(flagged.output.contains("NEW") && flagged.output.contains(enrolled.thumbprint), "\(flagged.output)")
            #expect(flagged.output.contains("enrolled by the admin"), "\(flagged.output)")
            // Still flagged on the next run, until acknowledged.
            #expect(try await LogMonitor.run(server, member: ann.id, state: state, key: keyFile).exitCode == 1)
            let acknowledged = try await LogMonitor.run(server, member: ann.id, state: state, key: keyFile, extra: ["--acknowledge"])
            #expect(acknowledged.exitCode == 0 && acknowledged.output.contains("acknowledged"), "\(acknowledged.output)")
            #expect(try await LogMonitor.run(server, member: ann.id, state: state, key: keyFile).exitCode == 0)
            // Another member's identity entries are not ann's concern.
            _ = try await registeredMember(server, name: "bob")
            try await LogMonitor.checkpointed(server)
            #expect(try await LogMonitor.run(server, member: ann.id, state: state, key: keyFile).exitCode == 0)
            // Another log key than the one pinned is refused outright.
            let impostor = NoteSigner(name: server.environment.log.origin, privateKey: .init()).verifierKey.description
            let other = try await CLI.run([
                "log", "monitor", "--server", server.baseURL, "--member", ann.id, "--state", state.path, "--log-key", impostor, "--key", keyFile.path,
            ], timeout: .seconds(60))
            #expect(other.exitCode != 0 && other.output.contains("pinned"), "\(other.output)")
        }
    }
}
