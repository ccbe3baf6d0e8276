import Countersign
import CountersignJSON
import CountersignStore
import Foundation
import GRDB
import Synchronization

/// Side B: GRDB 7.10's `DatabasePool` (one writer connection on a serial dispatch queue, a pool
/// of reader connections, WAL) on the same database file, with the pragmas our `SQLiteDriver`
/// sets, running the SQL texts our store runs for the same work through GRDB's per-connection
/// statement cache (`cachedStatement(sql:)`).
struct GRDBSide: Sendable {
    let pool: DatabasePool
    /// The decoded member directory under its token, as our store's `MemberDirectoryCache`.
    let directory = DirectoryCache()

    /// Opens `path` with WAL, `synchronous = FULL`, a 10 s busy timeout and foreign keys on
    /// (ours: `SQLiteDriver.commonPragmas`), and four readers (ours: four reader connections).
    static func open(path: String) throws -> GRDBSide {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.maximumReaderCount = 4
        configuration.label = "prototype"
        configuration.prepareDatabase { db in
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA synchronous = FULL") }
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB switches the writer to WAL after `prepareDatabase` and sets `synchronous = NORMAL`
        // as it does (Database.setUpWALMode): put FULL back, as our store runs, or every commit
        // would skip its fsync and the comparison would be of durability, not of the layers.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let settings = try pool.writeWithoutTransaction { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?", try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1,
                try Int.fetchOne(db, sql: "PRAGMA foreign_keys") ?? -1, try Int.fetchOne(db, sql: "PRAGMA busy_timeout") ?? -1
            )
        }
        guard settings.0 == "wal", settings.1 == 2, settings.2 == 1, settings.3 == 10_000 else {
            throw PrototypeError.setup("GRDB writer pragmas are journal_mode=\(settings.0) synchronous=\(settings.1) foreign_keys=\(settings.2) busy_timeout=\(settings.3)")
        }
        return GRDBSide(pool: pool)
    }

    /// One vote's database work in one `write` (BEGIN IMMEDIATE … COMMIT, a commit per call).
    func vote(_ input: VoteInput) async throws {
        let directory = directory
        try await pool.write { db in try Self.voteBody(db, input, directory: directory) }
    }

    /// The vote's statements on `db`, inside whatever transaction the caller opened: the lock
    /// query decoded to the same records our store builds, then the four writes, in our order.
    static func voteBody(_ db: Database, _ input: VoteInput, directory: DirectoryCache) throws {
        guard let row = try Row.fetchOne(
            try db.cachedStatement(sql: SQLTexts.voteLock), arguments: [input.statement.rawValue, input.kid])
        else { throw PrototypeError.missingRow("statement \(input.statement) or key \(input.kid)") }
        let lock = try GRDBDecoding.voteLock(row, db: db, directory: directory)
        let now = Date()
        try db.cachedStatement(sql: SQLTexts.insertNonce).execute(
            arguments: [input.kid, input.nonce, storeMicroseconds(now.addingTimeInterval(300))])
        try db.cachedStatement(sql: SQLTexts.insertVote).execute(arguments: [
            input.statement.rawValue, input.member.rawValue, VoteKind.approve.rawValue, input.kid, "admin-token", input.signature,
            storeMicroseconds(now), 0, nil,
        ])
        let weight = lock.votes.count + 1
        try db.cachedStatement(sql: SQLTexts.updateStatus).execute(arguments: [
            input.statement.rawValue, StatementState.pending.rawValue, weight, lock.statement.status.threshold, nil,
            storeMicroseconds(now), input.dueAt.map(storeMicroseconds),
        ])
        // What our appendAudit does before it holds the row: the canonical details and the
        // bound on a log entry's size.
        let actor = input.member.rawValue
        let subject = input.statement.rawValue
        let details = String(decoding: JCS.canonicalize(input.auditDetails(weight: weight)), as: UTF8.self)
        let estimate = details.utf8.count + [actor, "vote.approve", subject].reduce(0) { $0 + JCS.canonicalize(.string($1)).count } + 256
        guard estimate <= 65_535 else { throw PrototypeError.corruptRow("audit event of \(estimate) bytes") }
        try db.cachedStatement(sql: SQLTexts.insertAudit).execute(
            arguments: [storeMicroseconds(now), actor, "vote.approve", subject, details])
    }

    /// One statement by id in a read transaction (`read`: BEGIN DEFERRED … COMMIT on a reader).
    func read(_ id: StatementID) async throws -> StatementRecord? {
        try await pool.read { db in try Self.statement(id, db) }
    }

    /// One statement by id with no transaction around the query (`unsafeRead`).
    func unsafeRead(_ id: StatementID) async throws -> StatementRecord? {
        try await pool.unsafeRead { db in try Self.statement(id, db) }
    }

    /// `read`, synchronously: GRDB's blocking API, which runs the closure on the calling thread
    /// (DispatchQueue.sync) with no task or queue hop. A server must not block its concurrency
    /// pool's threads so; measured to tell GRDB's own cost from that of its async bridge.
    func readBlocking(_ id: StatementID) throws -> StatementRecord? {
        try pool.read { db in try Self.statement(id, db) }
    }

    /// `unsafeRead`, synchronously (see `readBlocking`).
    func unsafeReadBlocking(_ id: StatementID) throws -> StatementRecord? {
        try pool.unsafeRead { db in try Self.statement(id, db) }
    }

    private static func statement(_ id: StatementID, _ db: Database) throws -> StatementRecord? {
        try Row.fetchOne(try db.cachedStatement(sql: SQLTexts.statementByID), arguments: [id.rawValue])
            .map { try GRDBDecoding.statement($0, at: 0) }
    }
}

/// How our store writes an instant (`StoreTime`): whole microseconds since 1970.
func storeMicroseconds(_ date: Date) -> Int64 {
    let value = (date.timeIntervalSince1970 * 1_000_000).rounded()
    guard value.isFinite else { return 0 }
    return Int64(max(min(value, Double(Int64.max / 2)), Double(Int64.min / 2)))
}

/// The SQL our store runs for the same work, after `SQLDialect.sqlite.prepare` (`$n` → `?n`):
/// `sqliteVoteLockQuery` (SQLTransaction+Statements.swift), the held inserts and update
/// (DeferredWrites, SQLTransaction+Ephemeral/+Statements/+Log) and `statement(_:)`.
enum SQLTexts {
    static let voteLock = """
        SELECT s.seq, s.id, s.creator, s.title, s.document, s.digest, s.state, s.weight, s.threshold, s.decided_at, \
        s.created_at, s.expires_at, s.updated_at, k.kid, k.member, k.jwk, k.method, k.attestation, k.valid_from, k.revoked_at, \
        (SELECT token FROM directory_version WHERE id = 1), \
        (SELECT json_group_array(json_array(statement, member, kind, kid, key_method, signature, received_at, step_up, reason)) \
        FROM votes WHERE statement = s.id) \
        FROM statements s JOIN signing_keys k ON k.kid = ?2 WHERE s.id = ?1
        """
    static let insertNonce = "INSERT INTO nonces (key_id, nonce, expires_at) VALUES (?1, ?2, ?3)"
    static let insertVote = """
        INSERT INTO votes (statement, member, kind, kid, key_method, signature, received_at, step_up, reason) \
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
        """
    static let updateStatus =
        "UPDATE statements SET state = ?2, weight = ?3, threshold = ?4, decided_at = ?5, updated_at = ?6, due_at = ?7 WHERE id = ?1"
    static let insertAudit = "INSERT INTO audit_pending (at, actor, action, subject, details) VALUES (?1, ?2, ?3, ?4, ?5)"
    static let statementByID = """
        SELECT seq, id, creator, title, document, digest, state, weight, threshold, decided_at, created_at, expires_at, \
        updated_at FROM statements WHERE id = ?1
        """
    static let members = """
        SELECT id, name, roles, status, user_handle, created_at, (SELECT token FROM directory_version WHERE id = 1) \
        FROM members ORDER BY id
        """
}

/// The decoded member directory and the token it was read under (GRDB side).
final class DirectoryCache: Sendable {
    private let entry = Mutex<(token: Int64, members: [MemberRecord])?>(nil)

    func members(token: Int64) -> [MemberRecord]? {
        entry.withLock { entry in entry.flatMap { $0.token == token ? $0.members : nil } }
    }

    func store(_ members: [MemberRecord], token: Int64) {
        entry.withLock { $0 = (token, members) }
    }
}

/// GRDB rows into the store's records, with the checks our decoders make: every column of the
/// lock row is read and converted, so the read side does the work ours does.
enum GRDBDecoding {
    static let statementColumnCount = 13
    static let keyColumnCount = 7

    static func voteLock(_ row: Row, db: Database, directory: DirectoryCache) throws -> VoteLock {
        guard row.count == statementColumnCount + keyColumnCount + 2 else {
            throw PrototypeError.corruptRow("vote lock row has \(row.count) columns")
        }
        let statement = try statement(row, at: 0)
        let key = try key(row, at: statementColumnCount)
        let token = try row.decode(Int64?.self, atIndex: statementColumnCount + keyColumnCount)
        let votes = try votes(json: try row.decode(String.self, atIndex: statementColumnCount + keyColumnCount + 1))
        let members: [MemberRecord]
        if let token, let cached = directory.members(token: token) {
            members = cached
        } else {
            let rows = try Row.fetchAll(try db.cachedStatement(sql: SQLTexts.members))
            members = try rows.map(member)
            if let readToken = try rows.first?.decode(Int64?.self, atIndex: 6) { directory.store(members, token: readToken) }
        }
        return VoteLock(statement: statement, key: key, members: members, directoryVersion: token, votes: votes)
    }

    static func statement(_ row: Row, at base: Int) throws -> StatementRecord {
        guard let state = StatementState(rawValue: try row.decode(String.self, atIndex: base + 6)) else {
            throw PrototypeError.corruptRow("statement state")
        }
        let status = StatementStatus(
            state: state, weight: try int(row, base + 7), threshold: try int(row, base + 8), decidedAt: try optionalDate(row, base + 9))
        return StatementRecord(
            id: try StatementID(try row.decode(String.self, atIndex: base + 1)), seq: try row.decode(Int64.self, atIndex: base),
            creator: try MemberID(try row.decode(String.self, atIndex: base + 2)), title: try row.decode(String.self, atIndex: base + 3),
            document: try blob(row, base + 4), digest: try row.decode(String.self, atIndex: base + 5), status: status,
            createdAt: try date(row, base + 10), expiresAt: try optionalDate(row, base + 11), updatedAt: try date(row, base + 12))
    }

    static func key(_ row: Row, at base: Int) throws -> KeyRecord {
        KeyRecord(
            kid: try row.decode(String.self, atIndex: base), member: try MemberID(try row.decode(String.self, atIndex: base + 1)),
            jwk: try row.decode(String.self, atIndex: base + 2), method: try row.decode(String.self, atIndex: base + 3),
            attestation: try row.decode(String.self, atIndex: base + 4), validFrom: try date(row, base + 5),
            revokedAt: try optionalDate(row, base + 6))
    }

    static func member(_ row: Row) throws -> MemberRecord {
        guard case .array(let items) = try JSONParser().parse(try row.decode(String.self, atIndex: 2)) else {
            throw PrototypeError.corruptRow("member roles")
        }
        let roles = try items.map { item -> Role in
            guard let name = item.stringValue else { throw PrototypeError.corruptRow("member role \(item)") }
            return try Role(name)
        }
        guard let status = MemberRecord.Status(rawValue: try row.decode(String.self, atIndex: 3)) else {
            throw PrototypeError.corruptRow("member status")
        }
        return MemberRecord(
            id: try MemberID(try row.decode(String.self, atIndex: 0)), name: try row.decode(String.self, atIndex: 1), roles: roles,
            status: status, userHandle: try blob(row, 4), createdAt: try date(row, 5))
    }

    /// The votes from the lock row's JSON (arrays of the vote columns), in receipt order.
    static func votes(json text: String) throws -> [VoteRecord] {
        let parser = JSONParser(limits: .init(maxBytes: 64 << 20, maxDepth: 4))
        guard case .array(let rows) = try parser.parse(Array(text.utf8)) else { throw PrototypeError.corruptRow("votes are not an array") }
        let votes = try rows.map { row -> VoteRecord in
            guard case .array(let cells) = row, cells.count == 9,
                  let statement = cells[0].stringValue, let member = cells[1].stringValue, let kindText = cells[2].stringValue,
                  let kind = VoteKind(rawValue: kindText), let kid = cells[3].stringValue, let method = cells[4].stringValue,
                  let signature = cells[5].stringValue, case .number(let received) = cells[6], let receivedAt = Int64(exactly: received),
                  case .number(let stepUp) = cells[7]
            else { throw PrototypeError.corruptRow("vote \(row)") }
            let reason: String?
            switch cells[8] {
            case .null: reason = nil
            case .string(let text): reason = text
            default: throw PrototypeError.corruptRow("vote reason \(cells[8])")
            }
            return VoteRecord(
                statement: try StatementID(statement), member: try MemberID(member), kind: kind, kid: kid, keyMethod: method,
                signature: signature, receivedAt: Date(timeIntervalSince1970: Double(receivedAt) / 1_000_000), stepUp: stepUp != 0,
                reason: reason)
        }
        return VoteLock.inReceiptOrder(votes)
    }

    private static func int(_ row: Row, _ index: Int) throws -> Int {
        let value = try row.decode(Int64.self, atIndex: index)
        guard let result = Int(exactly: value) else { throw PrototypeError.corruptRow("column \(index): \(value)") }
        return result
    }

    private static func date(_ row: Row, _ index: Int) throws -> Date {
        Date(timeIntervalSince1970: Double(try row.decode(Int64.self, atIndex: index)) / 1_000_000)
    }

    private static func optionalDate(_ row: Row, _ index: Int) throws -> Date? {
        try row.decode(Int64?.self, atIndex: index).map { Date(timeIntervalSince1970: Double($0) / 1_000_000) }
    }

    private static func blob(_ row: Row, _ index: Int) throws -> [UInt8] {
        try row.withUnsafeData(atIndex: index) { data in
            guard let data else { throw PrototypeError.corruptRow("column \(index) is NULL") }
            return [UInt8](data)
        }
    }
}
