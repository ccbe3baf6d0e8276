import Countersign
import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// kill -9 under load: after a restart every vote that was answered 2xx is stored, each with its
/// audit event, and the audit chain verifies.
@Suite("Crash safety", .serialized)
struct CrashSafetyTests {
    @Test("kill -9 under a bounded load loses no acknowledged vote", arguments: Engine.available)
    func killUnderLoad(engine: Engine) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = engine == .postgres ? try await PostgresTestDatabase.create() : nil
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data")

        let first = try await ServerProcess.start(dataDirectory: data, databaseURL: database?.url)
        // The first start created the secrets owner-only and printed the ADMIN_KEY once.
        for file in ["admin.key", "server-key.jwk"] {
            let mode = try FileManager.default.attributesOfItem(atPath: data.appendingPathComponent(file).path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file) mode")
        }
        #expect(first.output.contains("ADMIN_KEY=" + Hex.encode(first.adminKey)))
        let members: [TestMember]
        var statements: [String] = []
        var acknowledged: [(member: String, statement: String)] = []
        do {
            members = try await Team.make(first, names: (0..<12).map { "signer\($0)" }, roles: ["board"])
            let policy = try JSONParser().parse(#"{"threshold":12,"signers":[{"role":"board","weight":1}]}"#)
            for index in 0..<20 {
                let reply = try await members[index % members.count].client.post(
                    "/api/statements", ["title": .string("Load \(index)"), "content": .object(["n": .number(Double(index))]), "policy": policy])
                try expectStatus(reply, 201)
                statements.append(try #require(reply.object["statement"]?.objectValue?["id"]?.stringValue))
            }
            var work: [(TestMember, String, JSONObject)] = []
            for statement in statements {
                for member in members {
                    let (payload, digest) = try await member.document(of: statement)
                    work.append((member, statement, try member.signature(.approve, statement: statement, payload: payload, digest: digest)))
                }
            }
            // 240 approvals, 12 in flight at a time; the server is killed after 80 are answered.
            acknowledged = await withTaskGroup(of: (String, String)?.self) { group in
                var answered: [(member: String, statement: String)] = []
                var next = 0
                func add() {
                    guard next < work.count else { return }
                    let (member, statement, entry) = work[next]
                    next += 1
                    group.addTask {
                        guard let reply = try? await member.submit(.approve, entry, on: statement), reply.status == 201 else { return nil }
                        return (member.id, statement)
                    }
                }
                for _ in 0..<12 { add() }
                var killed = false
                while let result = await group.next() {
                    if let result { answered.append(result) }
                    if answered.count >= 80 && !killed {
                        first.kill()
                        killed = true
                    }
                    if !killed { add() }
                }
                return answered
            }
            #expect(acknowledged.count >= 80)
        } catch {
            first.stop()
            await database?.drop()
            throw error
        }

        let second = try await ServerProcess.start(dataDirectory: data, databaseURL: database?.url)
        defer { second.stop() }
        #expect(!second.output.contains("ADMIN_KEY="), "the ADMIN_KEY is printed only by the start that created it")
        #expect(second.adminKey == first.adminKey)
        do {
            let reader = members[0].client
            reader.baseURL = second.baseURL
            var stored: Set<String> = []
            for statement in statements {
                let view = try await reader.get("/api/statements/\(statement)")
                try expectStatus(view, 200)
                for vote in view.object["votes"]?.arrayValue ?? [] {
                    if let member = vote.objectValue?["member"]?.stringValue { stored.insert("\(member) \(statement)") }
                }
            }
            let missing = acknowledged.filter { !stored.contains("\($0.member) \($0.statement)") }
            #expect(missing.isEmpty, "acknowledged votes lost: \(missing.count)")
            let events = try await AuditLog.all(reader)
            _ = try AuditChain.verify(events)
            let audited = Set(events.filter { $0.action == "vote.approve" }.map { "\($0.actor) \($0.subject)" })
            #expect(audited == stored, "each stored vote has exactly its audit event")
        } catch {
            await database?.drop()
            throw error
        }
        await database?.drop()
    }
}
