import Countersign
import CountersignJSON
@testable import CountersignServer
import CountersignStore
import CountersignTestSupport
import Foundation
import NIOHTTP1
import Testing

/// Notifications by email (issue 22, point 1) through HTTP, with a real SMTP server on loopback
/// (aiosmtpd) reading the mails delivered: the address and its confirmation link, an announced
/// operation mailed to the affected member, nothing for an unconfirmed address, header injection
/// refused, and the outbox surviving an SMTP outage and a restart with each mail sent once.
@Suite("Notifications by email", .timeLimit(.minutes(4)), .enabled(if: MailSink.isAvailable, MailSink.unavailable))
struct MailNotificationTests {
    static let lifetime: TimeInterval = 120

    private static func configure(_ port: Int) -> (inout ServerConfiguration) -> Void {
        let mail = MailTesting.configure(port: port)
        return { configuration in
            mail(&configuration)
            Operations.configure(&configuration)
            configuration.emailConfirmationLifetime = lifetime
        }
    }

    private static func setAddress(_ member: TestMember, _ address: String) async throws -> APIClient.Reply {
        try await member.client.send(.PUT, "/api/account/email", body: JCS.canonicalize(.object(["address": .string(address)])))
    }

    private static func confirm(_ member: TestMember, _ token: String) async throws -> APIClient.Reply {
        try await member.client.post("/api/account/email/confirm", ["token": .string(token)])
    }

    private static func token(in mail: MailSink.Mail) throws -> String {
        let link = try #require(mail.link("confirm-email="), "no confirmation link in \(mail.body)")
        return String(try #require(link.split(separator: "=").last))
    }

    @Test("confirmation by link (valid, reused, wrong, expired); an unconfirmed address gets only its confirmation; the announced removal reaches the confirmed one", arguments: Engine.available)
    func confirmationAndAnnouncement(engine: Engine) async throws {
        try await MailSink.with { sink in
            try await TestServer.with(engine, configure: Self.configure(sink.port)) { server in
                let admin = AdminClient(server: server)
                let team = try await Team.make(server, names: ["alice", "bob"], roles: ["partner"])
                let (alice, bob) = (team[0], team[1])
                let reply = try await Self.setAddress(alice, "alice@example.org")
                try expectStatus(reply, 200)
                #expect(reply.object["address"] == "alice@example.org" && reply.object["confirmed"] == false && reply.object["mail"] == true)
                let confirmation = try await sink.waitForMail(to: "alice@example.org", subject: "confirm your email address")
                let aliceToken = try Self.token(in: confirmation)

                // Unconfirmed: her removal's announcement is not mailed to her.
                let first = try await admin.schedule("/api/admin/members/\(alice.id)/remove")
                try expectStatus(try await admin.post("/api/admin/operations/\(first)/cancel", [:]), 200)
                let queued = try await admin.get("/api/admin/mail?member=\(alice.id)")
                #expect(queued.object["mail"]?.arrayValue?.compactMap { $0.objectValue?["kind"]?.stringValue } == ["email.confirm"])

                // Bob's token cannot confirm Alice's address, nor a made-up one; hers works once.
                try expectStatus(try await Self.setAddress(bob, "bob@example.org"), 200)
                let bobToken = try Self.token(in: try await sink.waitForMail(to: "bob@example.org", subject: "confirm"))
                expectError(try await Self.confirm(alice, bobToken), 400, "invalid_token")
                expectError(try await Self.confirm(alice, String(repeating: "A", count: 43)), 400, "invalid_token")
                expectError(try await Self.confirm(alice, "not a token!"), 400, "invalid_token")
                let confirmed = try await Self.confirm(alice, aliceToken)
                try expectStatus(confirmed, 200)
                #expect(confirmed.object["confirmed"] == true)
                expectError(try await Self.confirm(alice, aliceToken), 409, "nothing_to_confirm")
                // Bob's link expires.
                server.clock.advance(by: Self.lifetime + 1)
                expectError(try await Self.confirm(bob, bobToken), 409, "confirmation_expired")
                #expect(try await bob.client.get("/api/account/email").object["confirmed"] == false)

                // Confirmed: the announcement arrives, with the time left and a link that names the operation.
                let removal = try await admin.schedule("/api/admin/members/\(alice.id)/remove")
                let mail = try await sink.waitForMail(to: "alice@example.org", subject: "a change to your account was announced")
                #expect(mail.body.contains("Remove you from Countersign"))
                #expect(mail.body.contains("in 1 minute"), "\(mail.body)")
                #expect(mail.link("operation=") == "\(server.baseURL.replacingOccurrences(of: "127.0.0.1", with: "localhost"))/account#operation=\(removal)"
                    || mail.link("operation=")?.hasSuffix("/account#operation=\(removal)") == true)
                #expect(mail.mailFrom == MailTesting.from)
                #expect(mail.messageID.hasPrefix("<mail_") && mail.messageID.hasSuffix("@example.org>"))
                #expect(try sink.messages(to: "bob@example.org").count == 1, "Bob is not affected; his address is not confirmed")
                // The link is not a capability: a GET of it, without a session, leaves the operation pending.
                let page = try await APIClient(baseURL: server.baseURL).get("/account")
                #expect(page.status == 200)
                #expect(try await admin.operation(removal)["state"] == "pending")
                // Replacing a confirmed address tells the old one.
                try expectStatus(try await Self.setAddress(alice, "alice.new@example.org"), 200)
                let replaced = try await sink.waitForMail(to: "alice@example.org", subject: "your address for notifications was changed")
                #expect(!replaced.body.contains("alice.new@example.org"), "the new address is not disclosed to the old one")
                // The member removes her address: nothing more is mailed.
                try expectStatus(try await alice.client.delete("/api/account/email"), 200)
                try expectStatus(try await admin.post("/api/admin/operations/\(removal)/cancel", [:]), 200)
                _ = try await admin.schedule("/api/admin/members/\(alice.id)/remove")
                let after = try await admin.get("/api/admin/mail?member=\(alice.id)")
                #expect(after.object["mail"]?.arrayValue?.count == 4, "confirmation, announcement, replacement notice, new confirmation: \(after)")
            }
        }
    }

    /// Sets and confirms `address` for `member` through the mailed link.
    static func confirmAddress(_ member: TestMember, _ address: String, _ sink: MailSink) async throws {
        try expectStatus(try await setAddress(member, address), 200)
        let token = try token(in: try await sink.waitForMail(to: address, subject: "confirm your email address"))
        try expectStatus(try await confirm(member, token), 200)
    }

    @Test("a new statement is mailed to the members its policy names (not its title or content); its approval to the creator and them", arguments: Engine.available)
    func statementMails(engine: Engine) async throws {
        try await MailSink.with { sink in
            try await TestServer.with(engine, configure: Self.configure(sink.port)) { server in
                let team = try await Team.make(server, names: ["alice", "bob", "carol", "dave"], roles: ["partner"])
                let (alice, bob, carol) = (team[0], team[1], team[2])
                for member in team { try await Self.confirmAddress(member, "\(member.name)@example.org", sink) }
                let policy = #"{"threshold":2,"signers":[{"member":"\#(bob.id)","weight":1},{"member":"\#(carol.id)","weight":1}]}"#
                let id = try await alice.createStatement("Sell the depot to Acme", policy: policy)
                for name in ["bob", "carol"] {
                    let mail = try await sink.waitForMail(to: "\(name)@example.org", subject: "a statement waits for your decision")
                    #expect(mail.subject == "Countersign: a statement waits for your decision")
                    #expect(mail.body.contains("alice created a statement") && mail.body.contains("/statements/\(id)"), "\(mail.body)")
                    #expect(!mail.body.contains("Acme") && !mail.raw.contains("Acme"), "the title must not be mailed")
                }
                try expectStatus(try await bob.vote(.approve, on: id), 201)
                try expectStatus(try await carol.vote(.approve, on: id), 201)
                for name in ["alice", "bob", "carol"] {
                    let mail = try await sink.waitForMail(to: "\(name)@example.org", subject: "a statement was approved")
                    #expect(mail.body.contains("/statements/\(id)") && !mail.body.contains("Acme"))
                }
                #expect(try sink.messages(to: "alice@example.org").filter { $0.subject.contains("waits") }.isEmpty, "the creator is not asked")
                #expect(try sink.messages(to: "dave@example.org").count == 1, "dave is not named: only his confirmation")
            }
        }
    }

    @Test("a key the admin enrols for a member and an account recovery are mailed to the member with the time left to cancel", arguments: Engine.available)
    func enrolmentAndRecoveryMails(engine: Engine) async throws {
        try await MailSink.with { sink in
            try await TestServer.with(engine, configure: Self.configure(sink.port)) { server in
                let member = try await Team.join(server, name: "erin", roles: ["partner"])
                try await Self.confirmAddress(member, "erin@example.org", sink)
                let (enrolled, _) = try await KeyEnrolment.enrol(server, for: member.id)
                try expectStatus(enrolled, 202)
                let enrolment = try await sink.waitForMail(to: "erin@example.org", subject: "a change to your account was announced")
                #expect(enrolment.body.contains("enrolled for you") && enrolment.body.contains("in 1 minute"), "\(enrolment.body)")
                let recovery = try await AdminClient(server: server).post("/api/admin/members/\(member.id)/recover", [:])
                try expectStatus(recovery, 202)
                try await eventually("the recovery's announcement") {
                    try sink.messages(to: "erin@example.org").contains { $0.body.contains("Account recovery") }
                }
                let mail = try #require(try sink.messages(to: "erin@example.org").first { $0.body.contains("Account recovery") })
                #expect(mail.body.contains("waits until a new passkey is registered"))
                let token = try #require(recovery.object["invitation"]?.objectValue?["token"]?.stringValue)
                #expect(!mail.body.contains(token), "the recovery link is never mailed to the old address")
            }
        }
    }

    @Test("header injection is refused: an address with CR, LF, a second @ or a control character is never stored nor mailed", arguments: Engine.available)
    func headerInjection(engine: Engine) async throws {
        try await MailSink.with { sink in
            try await TestServer.with(engine, configure: Self.configure(sink.port)) { server in
                let admin = AdminClient(server: server)
                let member = try await Team.join(server, name: "mallory", roles: ["partner"])
                let hostile = [
                    "victim@example.org\r\nBcc: everyone@example.org", "victim@example.org\nBcc: everyone@example.org",
                    "victim@example.org\rX: y", "a@b@example.org", "victim@example.org\u{0}", "\"quoted\"@example.org",
                    "victim@example.org>\r\nRCPT TO:<other@example.org", "a b@example.org", "é@example.org",
                    String(repeating: "a", count: 250) + "@example.org", "@example.org", "victim@", "victim@-bad-.org",
                ]
                for address in hostile {
                    expectError(try await Self.setAddress(member, address), 400, "invalid_email")
                    expectError(try await admin.post("/api/admin/invitations", ["name": "X", "roles": .array([]), "email": .string(address)]), 400, "invalid_email")
                }
                #expect(try await member.client.get("/api/account/email").object["address"] == .null)
                #expect(try await admin.get("/api/admin/mail").object["mail"]?.arrayValue?.isEmpty == true)
                // A valid invitation mail: exactly the header fields the server writes, one To.
                let invited = try await admin.post("/api/admin/invitations", ["name": "Eve", "roles": .array([]), "email": "eve@example.org"])
                try expectStatus(invited, 201)
                let mail = try await sink.waitForMail(to: "eve@example.org", subject: "invited")
                #expect(mail.headers.map { $0.name.lowercased() }.sorted() == [
                    "auto-submitted", "content-transfer-encoding", "content-type", "date", "from", "message-id", "mime-version", "subject", "to",
                ])
                #expect(!mail.raw.lowercased().contains("\nbcc:"))
            }
        }
    }

    @Test("mail queued while the SMTP server is down is delivered after it comes up and after a restart, each exactly once", arguments: Engine.available)
    func outboxSurvivesOutageAndRestart(engine: Engine) async throws {
        let port = try MailSink.freePort()
        var server = try await TestServer.start(engine, configure: Self.configure(port))
        do {
            let admin = AdminClient(server: server)
            var members: [String] = []
            for n in 1...3 {
                let invited = try await admin.post("/api/admin/invitations", ["name": .string("Late \(n)"), "roles": .array([]), "email": .string("late\(n)@example.org")])
                try expectStatus(invited, 201)
                #expect(invited.object["mailed"] == true)
                members.append(try #require(invited.object["member"]?.stringValue))
            }
            // Tried and left pending while nothing listens.
            try await eventually("every mail tried once") {
                let mail = try await admin.get("/api/admin/mail").object["mail"]?.arrayValue?.compactMap(\.objectValue) ?? []
                return mail.count == 3 && mail.allSatisfy { $0["state"] == "pending" && ($0["attempts"]?.integerValue ?? 0) >= 1 }
            }
            let restarted = try await server.restarted(engine, configure: Self.configure(port))
            server = restarted
            let sink = try await MailSink.start(port: port)
            do {
                try await eventually("three mails delivered") { try sink.messages().count >= 3 }
                let outbox = try await AdminClient(server: restarted).get("/api/admin/mail").object["mail"]?.arrayValue?.compactMap(\.objectValue) ?? []
                try await eventually("the outbox marks them delivered") {
                    let rows = try await AdminClient(server: restarted).get("/api/admin/mail").object["mail"]?.arrayValue?.compactMap(\.objectValue) ?? []
                    return rows.count == 3 && rows.allSatisfy { $0["state"] == "delivered" }
                }
                // A duplicate, if there were one, would be sent within a few polls; wait for them.
                try await Task.sleep(for: .milliseconds(800))
                let received = try sink.messages()
                #expect(received.count == 3, "\(received.map(\.rcptTos))")
                #expect(Set(received.map(\.messageID)).count == 3)
                #expect(Set(received.flatMap(\.rcptTos)) == ["late1@example.org", "late2@example.org", "late3@example.org"])
                let ids = Set(outbox.compactMap { $0["messageId"]?.stringValue }.map { "<\($0)>" })
                #expect(ids == Set(received.map(\.messageID)), "the Message-ID fixed when queued is the one delivered")
            } catch {
                await sink.stop()
                throw error
            }
            await sink.stop()
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("an SMTP server that never answers is given up on after the timeout, and the mail stays queued", arguments: Engine.available)
    func silentServerTimesOut(engine: Engine) async throws {
        let listener = try MailSink.silentListener()
        defer { close(listener.descriptor) }
        let configure: (inout ServerConfiguration) -> Void = { configuration in
            MailTesting.configure(port: listener.port)(&configuration)
            configuration.mailTimeout = 0.5
        }
        try await TestServer.with(engine, configure: configure) { server in
            let admin = AdminClient(server: server)
            try expectStatus(try await admin.post("/api/admin/invitations", ["name": "G", "roles": .array([]), "email": "g@example.org"]), 201)
            try await eventually("the timeout recorded") {
                let rows = try await admin.get("/api/admin/mail").object["mail"]?.arrayValue?.compactMap(\.objectValue) ?? []
                return rows.first?["lastError"]?.stringValue?.contains("did not answer the greeting in time") == true
                    && rows.first?["state"] == "pending"
            }
        }
    }

    @Test("plaintext SMTP only to loopback: a server reached at an address not taken for loopback, offering no STARTTLS, gets nothing", arguments: Engine.available)
    func plaintextRefusedBeyondLoopback(engine: Engine) async throws {
        try await MailSink.with { sink in
            // The IPv4-mapped form reaches the same sink, but is not one of the loopback names the
            // rule accepts (localhost, 127.0.0.0/8, ::1): the client must treat it as remote.
            let settings = try MailSettings(url: "smtp://[::ffff:127.0.0.1]:\(sink.port)", passwordFile: nil, from: MailTesting.from)
            #expect(!settings.isLoopback)
            try await TestServer.with(engine, configure: { configuration in
                MailTesting.configure(port: sink.port)(&configuration)
                configuration.mail = settings
            }) { server in
                let admin = AdminClient(server: server)
                try expectStatus(try await admin.post("/api/admin/invitations", ["name": "H", "roles": .array([]), "email": "h@example.org"]), 201)
                try await eventually("the refusal to send in the clear") {
                    let rows = try await admin.get("/api/admin/mail").object["mail"]?.arrayValue?.compactMap(\.objectValue) ?? []
                    return rows.first?["lastError"]?.stringValue?.contains("does not offer STARTTLS") == true && rows.first?["state"] == "pending"
                }
                #expect(try sink.messages().isEmpty)
            }
        }
    }

    @Test("mail is off without an SMTP URL: an address cannot be set, an invitation with one is refused, everything else works", arguments: Engine.available)
    func mailOff(engine: Engine) async throws {
        try await TestServer.with(engine) { server in
            let member = try await Team.join(server, name: "carol", roles: ["partner"])
            let state = try await member.client.get("/api/account/email")
            #expect(state.object["mail"] == false && state.object["address"] == .null)
            expectError(try await Self.setAddress(member, "carol@example.org"), 409, "mail_off")
            expectError(try await AdminClient(server: server).post("/api/admin/invitations", ["name": "D", "roles": .array([]), "email": "d@example.org"]), 409, "mail_off")
            try expectStatus(try await AdminClient(server: server).post("/api/admin/invitations", ["name": "D", "roles": .array([])]), 201)
        }
    }
}

/// AUTH PLAIN with the password from the file: accepted by a sink that requires it, refused (and
/// retried, never logged) with a wrong one.
@Suite("Mail with SMTP authentication", .timeLimit(.minutes(2)), .enabled(if: MailSink.isAvailable, MailSink.unavailable))
struct MailAuthenticationTests {
    @Test("the password file's password authenticates; a wrong one leaves the mail pending with the server's refusal")
    func authentication() async throws {
        let sink = try await MailSink.start(user: "countersign", password: "right horse")
        do {
            for (password, delivered) in [("right horse", true), ("wrong horse", false)] {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-pw-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let file = folder.appendingPathComponent("password")
                try Data((password + "\n").utf8).write(to: file)
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
                let settings = try MailSettings(url: "smtp://countersign@127.0.0.1:\(sink.port)", passwordFile: file, from: MailTesting.from)
                try await TestServer.with(.sqlite, configure: { configuration in
                    MailTesting.configure(port: sink.port)(&configuration)
                    configuration.mail = settings
                }) { server in
                    let admin = AdminClient(server: server)
                    let address = delivered ? "right@example.org" : "wrong@example.org"
                    try expectStatus(try await admin.post("/api/admin/invitations", ["name": "N", "roles": .array([]), "email": .string(address)]), 201)
                    if delivered {
                        _ = try await sink.waitForMail(to: address, subject: "invited")
                    } else {
                        try await eventually("the refusal recorded") {
                            let rows = try await admin.get("/api/admin/mail").object["mail"]?.arrayValue?.compactMap(\.objectValue) ?? []
                            return rows.first?["lastError"]?.stringValue?.contains("535") == true && rows.first?["state"] == "pending"
                        }
                        #expect(try sink.messages(to: address).isEmpty)
                    }
                }
                try? FileManager.default.removeItem(at: folder)
            }
        } catch {
            await sink.stop()
            throw error
        }
        await sink.stop()
    }
}

/// The daily reminder: off by default; once configured, one mail a day to each member on whom
/// pending statements wait, listing them; never twice a day, not even across a restart.
@Suite("Daily reminder by email", .timeLimit(.minutes(3)), .enabled(if: MailSink.isAvailable, MailSink.unavailable))
struct DailyReminderTests {
    @Test("one reminder a day to the member a statement waits on, none to one who voted; a restart does not repeat it; the next day it comes again", arguments: Engine.available)
    func reminder(engine: Engine) async throws {
        try await MailSink.with { sink in
            // The reminder hour is two hours from now: nothing is due until the test moves the clock.
            let reminderHour = (DailyReminder.day(Date()).hour + 2) % 24
            let configure: (inout ServerConfiguration) -> Void = { configuration in
                MailTesting.configure(port: sink.port)(&configuration)
                configuration.mailReminderHour = reminderHour
                configuration.mailReminderPollInterval = 0.1
            }
            var server = try await TestServer.start(engine, configure: configure)
            do {
                let team = try await Team.make(server, names: ["alice", "bob", "carol"], roles: ["partner"])
                let (alice, bob, carol) = (team[0], team[1], team[2])
                for member in [bob, carol] { try await MailNotificationTests.confirmAddress(member, "\(member.name)@example.org", sink) }
                let policy = #"{"threshold":2,"signers":[{"member":"\#(bob.id)","weight":1},{"member":"\#(carol.id)","weight":1}]}"#
                let id = try await alice.createStatement("Quarterly budget", policy: policy)
                try expectStatus(try await carol.vote(.approve, on: id), 201)
                server.clock.advance(by: 2 * 3600 + 60)
                let reminder = try await sink.waitForMail(to: "bob@example.org", subject: "statements wait for your decision")
                #expect(reminder.body.contains("/statements/\(id)") && !reminder.body.contains("Quarterly"), "\(reminder.body)")

                // Another round the same day queues nothing: bob's day and carol's are taken care of.
                #expect(try await server.environment.services.dailyReminder.remindIfDue() == 0)

                // Nor does a restarted server (its clock moved to the same hour): the days are in the database.
                let restarted = try await server.restarted(engine, configure: configure)
                server = restarted
                restarted.clock.advance(by: 2 * 3600 + 60)
                #expect(try await restarted.environment.services.dailyReminder.remindIfDue() == 0)
                let queued = try await restarted.store.read { try await $0.mails(member: try MemberID(bob.id), limit: 50) }
                #expect(queued.filter { $0.kind == StatementMail.reminderKind }.count == 1, "no second reminder the same day")
                #expect(try sink.messages(to: "carol@example.org").filter { $0.subject.contains("statements wait") }.isEmpty, "carol voted")

                restarted.clock.advance(by: 24 * 3600)
                try await eventually("the next day's reminder") {
                    try sink.messages(to: "bob@example.org").filter { $0.subject.contains("statements wait") }.count == 2
                }
            } catch {
                await server.stop()
                throw error
            }
            await server.stop()
        }
    }
}
