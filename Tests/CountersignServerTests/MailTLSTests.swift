import CountersignJSON
import CountersignTestSupport
import Foundation
import Testing

/// SMTP over TLS against a real TLS SMTP server (aiosmtpd with a throwaway certificate authority
/// made at test time), through `countersign serve` as an operator runs it, flags and log included:
/// smtps:// and STARTTLS deliver when `--smtp-ca-file` names the authority, AUTH only inside TLS;
/// an untrusted certificate or one for another host name is refused, the mail stays queued, is
/// retried, and goes once the authority is trusted; a reply injected in the clear after STARTTLS is
/// refused.
///
/// The TLS conversation does not touch the store: the pure transport tests run on SQLite only. The
/// ones that follow a mail through the outbox (delivered, or kept and sent after a restart) run on
/// both engines.
@Suite("Mail over TLS", .timeLimit(.minutes(6)), .enabled(if: MailSink.isAvailable, MailSink.unavailable))
struct MailTLSTests {
    static let password = "tls-only horse battery"

    /// A fresh folder for one test's data, password file and log; removed afterwards.
    private static func withFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("countersign-mail-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(folder)
    }

    /// Runs `body` with a sink started with `transport` (and `user` with `password`), stopped afterwards.
    private static func withSink<T>(
        _ transport: MailSink.Transport, user: String? = nil, names: [String] = ["127.0.0.1", "localhost"], injecting: Bool = false,
        _ body: (MailSink) async throws -> T
    ) async throws -> T {
        try await MailSink.with(
            user: user, password: user.map { _ in password }, transport: transport, certificateNames: names, injectingAfterSTARTTLS: injecting, body)
    }

    /// Waits until the first attempt of the only queued mail failed; returns its recorded error.
    private static func firstRefusal(_ server: ServerProcess) async throws -> String {
        try await eventually("the refusal recorded") {
            let row = try await outbox(server).first
            return row?["state"] == "pending" && row?["lastError"]?.stringValue?.isEmpty == false
        }
        return try await outbox(server).first?["lastError"]?.stringValue ?? ""
    }

    /// `countersign serve` on `folder`/data sending mail to `url`, with the flags given.
    private static func serve(
        _ folder: URL, database: PostgresTestDatabase?, url: String, caFile: URL?, passwordFile: URL? = nil
    ) async throws -> ServerProcess {
        var arguments = ["--smtp-url", url, "--mail-from", MailTesting.from]
        if let caFile { arguments += ["--smtp-ca-file", caFile.path] }
        if let passwordFile { arguments += ["--smtp-password-file", passwordFile.path] }
        return try await ServerProcess.start(dataDirectory: folder.appendingPathComponent("data"), databaseURL: database?.url, extraArguments: arguments)
    }

    /// The password in an owner-only file, as `--smtp-password-file` wants it.
    private static func passwordFile(in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent("smtp-password")
        try Data((password + "\n").utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        return file
    }

    /// Invites someone with an email address: the invitation mail is queued.
    private static func invite(_ server: ServerProcess, _ address: String) async throws {
        let reply = try await AdminClient(server: server).post(
            "/api/admin/invitations", ["name": "Invitee", "roles": .array([]), "email": .string(address)])
        try expectStatus(reply, 201)
    }

    /// The outbox's rows, newest first.
    private static func outbox(_ server: ServerProcess) async throws -> [JSONObject] {
        try await AdminClient(server: server).get("/api/admin/mail").object["mail"]?.arrayValue?.compactMap(\.objectValue) ?? []
    }

    private static func withDatabase<T>(_ engine: Engine, _ body: (PostgresTestDatabase?) async throws -> T) async throws -> T {
        let database = engine == .postgres ? try await PostgresTestDatabase.create() : nil
        do {
            let result = try await body(database)
            await database?.drop()
            return result
        } catch {
            await database?.drop()
            throw error
        }
    }

    @Test("smtps:// with --smtp-ca-file: the mail arrives over TLS and the outbox marks it delivered", arguments: Engine.available)
    func implicitTLSDelivers(engine: Engine) async throws {
        try await Self.withFolder { folder in
            try await Self.withDatabase(engine) { database in
                try await Self.withSink(.implicitTLS) { sink in
                    let server = try await Self.serve(folder, database: database, url: "smtps://127.0.0.1:\(sink.port)", caFile: sink.caFile)
                    defer { server.stop() }
                    try await Self.invite(server, "tls@example.org")
                    let mail = try await sink.waitForMail(to: "tls@example.org", subject: "invited")
                    #expect(mail.tls?.hasPrefix("TLSv1.") == true, "the sink saw the mail in the clear")
                    try await eventually("the outbox marks it delivered") {
                        try await Self.outbox(server).first?["state"] == "delivered"
                    }
                }
            }
        }
    }

    @Test("smtp:// to a sink that requires STARTTLS: the client upgrades, authenticates only inside TLS, and never logs the password")
    func startTLSWithAuthentication() async throws {
        try await Self.withFolder { folder in
            try await Self.withSink(.startTLS, user: "countersign") { sink in
                let server = try await Self.serve(
                    folder, database: nil, url: "smtp://countersign@127.0.0.1:\(sink.port)", caFile: sink.caFile,
                    passwordFile: try Self.passwordFile(in: folder))
                defer { server.stop() }
                try await Self.invite(server, "starttls@example.org")
                let mail = try await sink.waitForMail(to: "starttls@example.org", subject: "invited")
                #expect(mail.tls?.hasPrefix("TLSv1.") == true, "the sink saw the mail in the clear")
                #expect(mail.authenticatedOverTLS == true, "AUTH happened outside TLS")
                #expect(!server.output.contains(Self.password))
            }
        }
    }

    @Test(
        "without --smtp-ca-file the sink's private authority is not trusted (smtps:// and STARTTLS): nothing is sent, the mail is kept and retried, the log says why without the password; trusted after a restart, it goes once",
        arguments: Engine.available)
    func untrustedAuthorityRefused(engine: Engine) async throws {
        for transport in [MailSink.Transport.implicitTLS, .startTLS] {
            try await Self.withFolder { folder in
                try await Self.withDatabase(engine) { database in
                    try await Self.withSink(transport, user: "countersign") { sink in
                        let scheme = transport == .implicitTLS ? "smtps" : "smtp"
                        let url = "\(scheme)://countersign@127.0.0.1:\(sink.port)"
                        let passwordFile = try Self.passwordFile(in: folder)
                        let first = try await Self.serve(folder, database: database, url: url, caFile: nil, passwordFile: passwordFile)
                        do {
                            try await Self.invite(first, "untrusted@example.org")
                            try await eventually("two refused attempts recorded", within: 60) {
                                let row = try await Self.outbox(first).first
                                return row?["state"] == "pending" && (row?["attempts"]?.numberValue ?? 0) >= 2
                            }
                            let error = try await Self.outbox(first).first?["lastError"]?.stringValue ?? ""
                            #expect(error.hasPrefix("TLS with the SMTP server failed") && error.contains("CERTIFICATE_VERIFY_FAILED"), "\(transport): \(error)")
                            #expect(!error.contains(".cc:"), "the library's source path: \(error)")
                            let logged = first.output.split(separator: "\n").filter { $0.contains("mail not sent") }
                            #expect(!logged.isEmpty && logged.allSatisfy { $0.contains("CERTIFICATE_VERIFY_FAILED") }, "\(first.output)")
                            #expect(!first.output.contains(Self.password))
                            #expect(try sink.messages().isEmpty)
                        } catch {
                            first.stop()
                            throw error
                        }
                        first.stop()

                        let second = try await Self.serve(folder, database: database, url: url, caFile: sink.caFile, passwordFile: passwordFile)
                        defer { second.stop() }
                        let mail = try await sink.waitForMail(to: "untrusted@example.org", subject: "invited")
                        #expect(mail.tls != nil)
                        try await eventually("the kept mail delivered") { try await Self.outbox(second).first?["state"] == "delivered" }
                        #expect(try sink.messages(to: "untrusted@example.org").count == 1)
                    }
                }
            }
        }
    }

    @Test("a certificate from the trusted authority but for another host name is refused (smtps:// and STARTTLS), the mail kept")
    func otherHostNameRefused() async throws {
        for transport in [MailSink.Transport.implicitTLS, .startTLS] {
            try await Self.withFolder { folder in
                try await Self.withSink(transport, names: ["mail.example.org"]) { sink in
                    let scheme = transport == .implicitTLS ? "smtps" : "smtp"
                    let server = try await Self.serve(folder, database: nil, url: "\(scheme)://127.0.0.1:\(sink.port)", caFile: sink.caFile)
                    defer { server.stop() }
                    try await Self.invite(server, "elsewhere@example.org")
                    let error = try await Self.firstRefusal(server)
                    #expect(error.hasPrefix("TLS with the SMTP server failed") && error.contains("host name verification failed"), "\(transport): \(error)")
                    #expect(try sink.messages().isEmpty)
                }
            }
        }
    }

    @Test("a reply sent in the clear after the 220 to STARTTLS (a response injection) is refused, not read as an answer under TLS; the mail kept")
    func startTLSResponseInjectionRefused() async throws {
        try await Self.withFolder { folder in
            try await Self.withSink(.startTLS, injecting: true) { sink in
                let server = try await Self.serve(folder, database: nil, url: "smtp://127.0.0.1:\(sink.port)", caFile: sink.caFile)
                defer { server.stop() }
                try await Self.invite(server, "injected@example.org")
                let error = try await Self.firstRefusal(server)
                #expect(error.hasPrefix("TLS with the SMTP server failed at STARTTLS") && error.contains("arrived in the clear"), "\(error)")
                #expect(try sink.messages().isEmpty)
            }
        }
    }
}
