import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// A refused request's path becomes its audit event's subject, and every audit event is a
/// transparency-log entry, which an entry bundle can hold only up to 65,535 bytes. The subject is
/// cut to 512 characters, so that an attacker's long path is still audited and cannot make the
/// log's entries unservable.
@Suite("An attacker's long path is audited with a bounded subject")
struct AuditSubjectBoundTests {
    @Test("a refused admin request with a 5,000-character path is audited, its subject cut to 512 characters")
    func longPathRefusal() async throws {
        try await TestServer.with(.sqlite) { server in
            let path = "/api/admin/members/" + String(repeating: "a", count: 5_000)
            let forged = try await APIClient(baseURL: server.baseURL, origin: nil).get(
                path, headers: [("Signature-Input", #"sig1=("@method");created=1;keyid="admin""#), ("Signature", "sig1=:AAAA:")])
            #expect(forged.status == 401, "\(forged)")
            let refused = try await AdminClient(server: server).auditEvents("admin.refused")
            let subject = try #require(refused.last?["subject"]?.stringValue)
            #expect(subject.count == 513 && subject.hasSuffix("…") && path.hasPrefix(String(subject.dropLast())), "\(subject.count)")
        }
    }
}
