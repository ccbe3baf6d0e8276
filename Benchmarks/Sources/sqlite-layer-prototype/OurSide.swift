import Countersign
import CountersignStore
import Foundation
import Logging

/// Side A: the store's own SQLite layer, through the public `Store` API exactly as the server
/// calls it (one writer connection with group commit, four reader connections, each on its own
/// thread; statements cached per connection).
struct OurSide: Sendable {
    let store: any Store

    static func open(path: String, logger: Logger) async throws -> OurSide {
        OurSide(store: try await StoreFactory.openSQLite(path: path, logger: logger))
    }

    /// The store with group commit off (each write transaction its own BEGIN IMMEDIATE …
    /// COMMIT, as before `GroupCommit`), on `directory/countersign.sqlite`: the public API takes
    /// that switch only with a data directory (`StoreFactory.open`).
    static func openWithoutGroupCommit(directory: URL, logger: Logger) async throws -> OurSide {
        OurSide(store: try await StoreFactory.open(databaseURL: nil, dataDirectory: directory, groupCommit: false, logger: logger))
    }

    /// One vote's database work, as `VoteService` does it on SQLite: the statement and key
    /// locked and read in one statement (with the votes and the directory), then the nonce, the
    /// vote, the new status and the audit event, held and sent at the commit.
    func vote(_ input: VoteInput) async throws {
        try await store.write { tx in
            guard let lock = try await tx.lockForVote(statement: input.statement, kid: input.kid) else {
                throw PrototypeError.missingRow("statement \(input.statement) or key \(input.kid)")
            }
            let now = Date()
            try await tx.insertNonceWithWrites(keyID: input.kid, nonce: input.nonce, expiresAt: now.addingTimeInterval(300))
            try await tx.insertVote(VoteRecord(
                statement: input.statement, member: input.member, kind: .approve, kid: input.kid, keyMethod: "admin-token",
                signature: input.signature, receivedAt: now, stepUp: false))
            let weight = lock.votes.count + 1
            try await tx.updateStatementStatus(
                input.statement,
                status: StatementStatus(state: .pending, weight: weight, threshold: lock.statement.status.threshold, decidedAt: nil),
                updatedAt: now, dueAt: input.dueAt)
            try await tx.appendAudit(
                actor: input.member.rawValue, action: "vote.approve", subject: input.statement.rawValue,
                details: input.auditDetails(weight: weight), at: now)
        }
    }

    /// One statement by id, in a read transaction (BEGIN DEFERRED … COMMIT on a reader).
    func read(_ id: StatementID) async throws -> StatementRecord? {
        try await store.read { try await $0.statement(id) }
    }

    /// One statement by id with no transaction around the query (`readEach`).
    func readEach(_ id: StatementID) async throws -> StatementRecord? {
        try await store.readEach { try await $0.statement(id) }
    }

    func close() async { await store.shutdown() }
}

/// Why a run could not go on.
enum PrototypeError: Error, CustomStringConvertible {
    case missingRow(String)
    case corruptRow(String)
    case setup(String)

    var description: String {
        switch self {
        case .missingRow(let what): "not found: \(what)"
        case .corruptRow(let what): "unexpected row: \(what)"
        case .setup(let what): "setup failed: \(what)"
        }
    }
}
