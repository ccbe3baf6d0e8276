import Countersign
import CountersignJSON
import CountersignServer
import CountersignTLog
import CountersignTestSupport
import Foundation
import Testing

/// The transparency log end to end: a real server, its audit events as log entries, checkpoints
/// cosigned by the independent witness of Tests/interop/tlog, and the tiles, entries and proofs
/// checked by the independent verifier there, both written from the C2SP texts alone.
@Suite("Transparency log: a witnessed Merkle tree log of every audit event", .enabled(if: Python.interpreter != nil, "COUNTERSIGN_PYTHON is needed"))
struct TransparencyLogTests {
    /// The served checkpoint, once it covers every sequenced event and carries a cosignature.
    static func cosignedCheckpoint(_ server: TestServer, covering size: Int64, witness: IndependentWitness) async throws -> SignedNote {
        let logKey = server.environment.log.verifierKey
        let witnessKey = try NoteVerifierKey(witness.vkey)
        let anonymous = APIClient(baseURL: server.baseURL, origin: nil)
        var note: SignedNote?
        try await eventually("a checkpoint of at least \(size) entries cosigned by the witness") {
            let reply = try await anonymous.get("/log/checkpoint")
            guard reply.status == 200, let parsed = try? SignedNote(parsing: reply.body),
                let verified = try? VerifiedCheckpoint.verify(parsed, logKey: logKey, witnesses: [witnessKey], threshold: 1),
                verified.checkpoint.size >= size
            else { return false }
            note = parsed
            return true
        }
        return try #require(note)
    }

    @Test("entries, tiles, checkpoints and proofs verify with the independent verifier; the witness cosigns", arguments: Engine.available)
    func independentlyVerified(_ engine: Engine) async throws {
        let (server, witness, vkey) = try await IndependentWitness.witnessedServer(engine)
        #expect(vkey.hasPrefix("countersign.test+"))
        do {
            let admin = AdminClient(server: server)
            for name in ["ann", "bob", "cy"] { _ = try await admin.invite(name: name, roles: ["signer"]) }
            let audit = try await admin.get("/api/admin/audit?limit=1000")
            let events = try #require(audit.object["events"]?.arrayValue).map { try AuditLog.event(try #require($0.objectValue)) }
            #expect(events.count >= 3)
            let note = try await Self.cosignedCheckpoint(server, covering: Int64(events.count), witness: witness)
            let checkpoint = try Checkpoint(text: note.text)

            // The independent verifier rebuilds the root from the tiles and every leaf from the entries.
            let entriesFile = witness.folder.appendingPathComponent("entries.json")
            let verified = try await IndependentWitness.verify([
                "checkpoint", "--url", server.baseURL + "/log/", "--log-vkey", vkey, "--witness-vkey", witness.vkey, "--threshold", "1",
                "--entries-out", entriesFile.path,
            ])
            #expect(verified.exitCode == 0, "\(verified.stdout) \(verified.stderr)")
            let entries = try #require(try JSONParser().parse(Array(try Data(contentsOf: entriesFile))).arrayValue)
            #expect(Int64(entries.count) == checkpoint.size)
            // Each entry is the JCS of the redacted event, and reads back as it.
            for (entry, event) in zip(entries, events) {
                let bytes = try Base64Standard.decode(try #require(entry.stringValue))
                #expect(bytes == event.redacted.logEntry)
                #expect(try AuditEvent(logEntry: bytes) == event.redacted)
            }

            // An inclusion proof as c2sp.org/tlog-proof@v1 verifies for its entry only.
            let proofReply = try await admin.get("/api/log/proof/inclusion?seq=2")
            try expectStatus(proofReply, 200)
            let proofText = try #require(proofReply.object["tlogProof"]?.stringValue)
            let proofFile = witness.folder.appendingPathComponent("entry.tlog-proof")
            let entryFile = witness.folder.appendingPathComponent("entry")
            try Data(proofText.utf8).write(to: proofFile)
            try Data(events[1].redacted.logEntry).write(to: entryFile)
            let arguments = ["proof", "--log-vkey", vkey, "--witness-vkey", witness.vkey, "--threshold", "1", "--entry-file", entryFile.path, "--proof-file", proofFile.path]
            let proofCheck = try await IndependentWitness.verify(arguments)
            #expect(proofCheck.exitCode == 0, "\(proofCheck.stderr)")
            try Data(events[2].redacted.logEntry).write(to: entryFile)
            #expect(try await IndependentWitness.verify(arguments).exitCode == 1, "another entry does not match the proof")
            let tlogProof = try TLogProof(text: proofText)
            _ = try tlogProof.verify(entry: events[1].redacted.logEntry, logKey: server.environment.log.verifierKey, witnesses: [try NoteVerifierKey(witness.vkey)], threshold: 1)

            // A consistency proof from an older size verifies, independently too.
            let consistency = try await admin.get("/api/log/proof/consistency?from=2&to=\(checkpoint.size)")
            try expectStatus(consistency, 200)
            let hashes = try #require(consistency.object["hashes"]?.arrayValue).compactMap(\.stringValue)
            let consistencyFile = witness.folder.appendingPathComponent("consistency")
            try Data(hashes.map { $0 + "\n" }.joined().utf8).write(to: consistencyFile)
            let oldRoot = try await server.environment.log.root(size: 2)
            let consistent = try await IndependentWitness.verify([
                "consistency", "--old-size", "2", "--old-root", oldRoot.base64, "--new-size", String(checkpoint.size),
                "--new-root", checkpoint.root.base64, "--proof-file", consistencyFile.path,
            ])
            #expect(consistent.exitCode == 0, "\(consistent.stderr)")

            // countersign log verify checks the same log from its tiles, with the witness's key.
            let whole = try await CLI.run([
                "log", "verify", "--server", server.baseURL, "--log-key", vkey, "--witness", witness.vkey,
            ], timeout: .seconds(60))
            #expect(whole.exitCode == 0 && whole.output.contains("the hash chain holds"), "\(whole.output)")
            let otherKey = NoteSigner(name: server.environment.log.origin, privateKey: .init()).verifierKey.description
            let refused = try await CLI.run(["log", "verify", "--server", server.baseURL, "--log-key", otherKey], timeout: .seconds(60))
            #expect(refused.exitCode == 1 && refused.output.contains("NOT verified"), "\(refused.output)")

            // /readyz names the witness as cosigning.
            let ready = try await APIClient(baseURL: server.baseURL, origin: nil).get("/readyz")
            try expectStatus(ready, 200)
            #expect(ready.text.contains("cosigning"))
        } catch {
            await server.stop()
            await witness.stop()
            throw error
        }
        await server.stop()
        await witness.stop()
    }

    @Test("a database restored from an older copy forks the log: the witness refuses it and /readyz says so")
    func restoredDatabaseIsAFork() async throws {
        var (server, witness, _) = try await IndependentWitness.witnessedServer(.sqlite)
        let backup = witness.folder.appendingPathComponent("backup")
        let files = ["countersign.sqlite", "countersign.sqlite-wal", "countersign.sqlite-shm"]
        do {
            _ = try await AdminClient(server: server).invite(name: "ann", roles: ["signer"])
            let size = try await server.environment.log.integrate()
            _ = try await Self.cosignedCheckpoint(server, covering: size, witness: witness)
            // The operator's copy of the database, taken while the server is stopped.
            let directory = server.dataDirectory
            server = try await server.restarted(.sqlite, configure: try witness.cosigning(), whileStopped: {
                try FileManager.default.createDirectory(at: backup, withIntermediateDirectories: true)
                for file in files where FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path) {
                    try FileManager.default.copyItem(at: directory.appendingPathComponent(file), to: backup.appendingPathComponent(file))
                }
            })
            for name in ["bob", "cy"] { _ = try await AdminClient(server: server).invite(name: name, roles: ["signer"]) }
            let grown = try await server.environment.log.integrate()
            _ = try await Self.cosignedCheckpoint(server, covering: grown, witness: witness)
            // A member's monitor checks this log (public here: no key needed) and keeps its frontier.
            let state = witness.folder.appendingPathComponent("monitor.json")
            let baseline = try await LogMonitor.run(server, member: "mem_nobody", state: state, key: nil)
            #expect(baseline.exitCode == 0, "\(baseline.output)")

            // Restore the old copy and append other events: another history.
            server = try await server.restarted(.sqlite, configure: try witness.cosigning(), whileStopped: {
                for file in files {
                    try? FileManager.default.removeItem(at: directory.appendingPathComponent(file))
                    if FileManager.default.fileExists(atPath: backup.appendingPathComponent(file).path) {
                        try FileManager.default.copyItem(at: backup.appendingPathComponent(file), to: directory.appendingPathComponent(file))
                    }
                }
            })
            for name in ["mallory", "trent", "eve", "oscar"] { _ = try await AdminClient(server: server).invite(name: name, roles: ["signer"]) }
            let anonymous = APIClient(baseURL: server.baseURL, origin: nil)
            var readiness = ""
            try await eventually("/readyz to report the witness refusing") {
                let reply = try await anonymous.get("/readyz")
                readiness = reply.text
                return reply.status == 503 && reply.text.contains("refusing")
            }
            #expect(readiness.contains("log not witnessed"))
            // The monitor finds that the log no longer extends the one it checked.
            _ = try await server.environment.log.integrate()
            try await eventually("a checkpoint of the forked log") {
                (try await server.environment.log.latestCheckpoint()?.size ?? 0) == (try await server.environment.log.integrate())
            }
            let forked = try await LogMonitor.run(server, member: "mem_nobody", state: state, key: nil)
            #expect(forked.exitCode == 1 && forked.output.contains("INCONSISTENT"), "\(forked.output)")
            // The forked checkpoint carries no cosignature.
            let note = try SignedNote(parsing: try await anonymous.get("/log/checkpoint").body)
            #expect(try NoteVerifierKey(witness.vkey).verify(note) == .absent)
            let refusals = try await AdminClient(server: server).auditEvents("log.witness_refused")
            #expect(refusals.count == 1)
        } catch {
            await server.stop()
            await witness.stop()
            throw error
        }
        await server.stop()
        await witness.stop()
    }
}
