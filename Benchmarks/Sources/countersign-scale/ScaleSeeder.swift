import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignServer
import CountersignStore
import Foundation
import Logging

/// `countersign-scale seed`: fills an empty store with `count` statements and their votes through
/// the store's own transactions (the product's schema and migrations, the audit hash chain
/// appended event by event), in transactions of `batch` statements.
struct ScaleSeeder {
    let dataDirectory: URL
    let databaseURL: String?
    let count: Int
    let batch: Int
    let logger: Logger

    /// Votes per statement: one in ten gets two approvals and is approved (among them every
    /// statement of the sample that fetches and evidence exports pick from), one in ten gets one
    /// approval and stays pending, the others are pending with no vote yet. Two signed votes on
    /// every statement would triple the seeding time (signatures and audit events are most of
    /// its cost) on the shared machine.
    static func approvals(for index: Int) -> Int {
        switch index % 10 {
        case 0: 2
        case 5: 1
        default: 0
        }
    }

    func run() async throws {
        // The server's secrets, created as `countersign serve` creates them, so the server that
        // measures later signs receipts with them and accepts the enrolment tokens below.
        let secrets = try ServerSecrets.loadOrCreate(in: dataDirectory)
        let store = try await StoreFactory.open(databaseURL: databaseURL, dataDirectory: dataDirectory, logger: logger)
        do {
            try await seed(store, adminKey: secrets.adminKey)
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }

    private func seed(_ store: any Store, adminKey: [UInt8]) async throws {
        guard try await store.read({ try await $0.allMembers() }).isEmpty else { throw ScaleError.notEmpty("it has members") }
        let team = try ScaleTeam.generate()
        let start = Date().addingTimeInterval(-Double(count) - 3_600).rounded()
        try await enrol(team, in: store, adminKey: adminKey, at: start)
        try team.save(in: dataDirectory)

        let clock = ContinuousClock()
        let began = clock.now
        var sample: [String] = []
        let sampleEvery = max(10, count / ScaleSample.size / 10 * 10)  // a multiple of 10: approved statements
        // SQLite: bulk load through sqlite3 (ScaleSQLiteLoader); PostgreSQL: the store's transactions.
        let loader = databaseURL == nil
            ? try ScaleSQLiteLoader(
                path: dataDirectory.appendingPathComponent("countersign.sqlite").path,
                head: try await store.read { try await $0.lastAuditEvent() })
            : nil
        var index = 0
        while index < count {
            let end = min(count, index + batch)
            // Documents and signatures are made before the transaction, so it holds the writer
            // only for the inserts.
            let statements = try await Self.make(index..<end, team: team, start: start)
            if let loader {
                for statement in statements { try loader.add(statement) }
                try loader.commit()
            } else {
                try await insert(statements, into: store)
            }
            for (offset, statement) in statements.enumerated() where (index + offset) % sampleEvery == 0 {
                sample.append(statement.record.id.rawValue)
            }
            index = end
            let seconds = (clock.now - began).seconds
            logger.notice("seeded \(index) of \(count) statements (\(Int(Double(index) / max(seconds, 0.001)))/s)")
        }
        if let loader {
            try loader.finish()
        } else {
            // A running server's webhook dispatcher follows the log as it grows; without this it
            // would walk every seeded event at start-up, while the measurements run.
            try await store.write { tx in
                _ = try await tx.lockWebhookCursor()
                if let head = try await tx.lastAuditEvent() { try await tx.advanceWebhookCursor(to: head.seq) }
            }
        }
        try ScaleSample(count: count, statementIDs: sample).save(in: dataDirectory)
    }

    /// Statements `range`, made on every core (documents, signatures and evaluations are the
    /// seeding's main cost), in order.
    static func make(_ range: Range<Int>, team: ScaleTeam, start: Date) async throws -> [ScaleStatement] {
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunk = (range.count + workers - 1) / workers
        return try await withThrowingTaskGroup(of: (Int, [ScaleStatement]).self) { group in
            for worker in 0..<workers {
                let lower = range.lowerBound + worker * chunk
                let upper = min(range.upperBound, lower + chunk)
                guard lower < upper else { continue }
                group.addTask {
                    let made = try (lower..<upper).map { position in
                        try ScaleStatement(
                            index: position, team: team, createdAt: start.addingTimeInterval(Double(position) + 60),
                            approvals: approvals(for: position))
                    }
                    return (worker, made)
                }
            }
            var parts: [(Int, [ScaleStatement])] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    /// One batch in one transaction of the store, as the server writes them.
    private func insert(_ statements: [ScaleStatement], into store: any Store) async throws {
        try await store.write { tx in
            for statement in statements {
                _ = try await tx.insertStatement(statement.record)
                for vote in statement.votes { try await tx.insertVote(vote) }
                for event in statement.audit {
                    _ = try await tx.appendAudit(
                        actor: event.actor, action: event.action, subject: event.subject, details: .object(event.details), at: event.at)
                }
            }
        }
    }

    /// The members and their keys, stored as the admin routes and key enrolment store them: an
    /// active member, a key bound by an admin-signed user token (method "admin-token"), audited.
    private func enrol(_ team: ScaleTeam, in store: any Store, adminKey: [UInt8], at now: Date) async throws {
        let records = try team.all.map { seat -> (MemberRecord, KeyRecord) in
            guard case .ed25519(let publicKey, _) = seat.key.material else { throw ScaleError.failed("seat keys are Ed25519") }
            let token = try UserToken(
                userID: seat.member.rawValue, issuedAt: now, expiresAt: now.addingTimeInterval(3_600),
                publicKey: Array(publicKey.rawRepresentation)
            ).signed(adminKey: adminKey)
            let attestation = KeyAttestationRecord(member: seat.member.rawValue, jwk: seat.key, proof: .adminToken(token: token, enrolledAt: now))
            _ = try attestation.verify(adminKey: adminKey)
            let member = MemberRecord(
                id: seat.member, name: seat.name, roles: [], status: .active, userHandle: ScaleTeam.randomBytes(32), createdAt: now)
            let key = KeyRecord(
                kid: seat.key.thumbprint, member: seat.member,
                jwk: String(decoding: JCS.canonicalize(.object(seat.key.publicKey.jsonObject())), as: UTF8.self), method: "admin-token",
                attestation: String(decoding: attestation.canonicalBytes, as: UTF8.self), validFrom: now)
            return (member, key)
        }
        try await store.write { tx in
            for (member, key) in records {
                try await tx.insertMember(member)
                _ = try await tx.appendAudit(
                    actor: "admin", action: "member.created", subject: member.id.rawValue,
                    details: .object(["name": .string(member.name), "roles": .array([])]), at: now)
                try await tx.insertKey(key)
                _ = try await tx.appendAudit(
                    actor: member.id.rawValue, action: "key.enrolled", subject: key.kid,
                    details: .object(["member": .string(member.id.rawValue), "method": "admin-token"]), at: now)
            }
        }
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

extension Date {
    /// Rounded down to whole seconds (statement documents carry whole seconds).
    func rounded() -> Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
