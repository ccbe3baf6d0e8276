import Countersign
import CountersignJSON
import Foundation

/// Statements and their votes.
extension SQLTransaction {
    static let statementColumns = """
        seq, id, creator, title, document, digest, state, weight, threshold, decided_at, created_at, expires_at, updated_at
        """

    static func decodeStatement(_ row: SQLRow) throws -> StatementRecord {
        func int(_ index: Int) throws -> Int {
            let value = try row.int(index)
            guard let result = Int(exactly: value) else { throw StoreError.corruptRow("column \(index): \(value)") }
            return result
        }
        let status = StatementStatus(
            state: try row.enumeration(6, as: StatementState.self), weight: try int(7), threshold: try int(8),
            decidedAt: try row.optionalDate(9))
        return StatementRecord(
            id: try row.parsed(1, "statement id", StatementID.init), seq: try row.int(0),
            creator: try row.parsed(2, "member id", MemberID.init), title: try row.text(3), document: try row.blob(4),
            digest: try row.text(5), status: status, createdAt: try row.date(10), expiresAt: try row.optionalDate(11),
            updatedAt: try row.date(12))
    }

    /// The listing query, newest first: a range scan of the primary key, or of the (state, seq) or
    /// (creator, seq) index when filtered by one state or a creator (tests check the plan on both
    /// engines). A search is a literal substring test on the folded search text (LIKE with its
    /// wildcards escaped), the same on both engines.
    static func listing(_ filter: StatementFilter, before: Int64?, limit: Int) -> (sql: String, binds: [SQLValue]) {
        var conditions: [String] = []
        var binds: [SQLValue] = []
        func bind(_ value: SQLValue) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        let states = filter.states.map(\.rawValue).sorted()
        if states.count == 1 {
            conditions.append("state = \(bind(.text(states[0])))")
        } else if !states.isEmpty {
            conditions.append("state IN (\(states.map { bind(.text($0)) }.joined(separator: ", ")))")
        }
        if let creator = filter.creator { conditions.append("creator = \(bind(.text(creator.rawValue)))") }
        if let search = filter.search {
            var matches = ["search_text LIKE \(bind(.text("%" + likeEscaped(search.folded) + "%"))) ESCAPE '\\'"]
            if !search.creatorMatches.isEmpty {
                matches.append("creator IN (\(search.creatorMatches.map { bind(.text($0.rawValue)) }.joined(separator: ", ")))")
            }
            conditions.append("(" + matches.joined(separator: " OR ") + ")")
        }
        if let member = filter.notVotedBy {
            conditions.append("NOT EXISTS (SELECT 1 FROM votes v WHERE v.statement = statements.id AND v.member = \(bind(.text(member.rawValue))))")
        }
        if let from = filter.createdFrom { conditions.append("created_at >= \(bind(.date(from)))") }
        if let until = filter.createdBefore { conditions.append("created_at < \(bind(.date(until)))") }
        if let instant = filter.decidedBefore { conditions.append("decided_at < \(bind(.date(instant)))") }
        if let instant = filter.undecidedOrDecidedFrom { conditions.append("(decided_at IS NULL OR decided_at >= \(bind(.date(instant))))") }
        if let before { conditions.append("seq < \(bind(.integer(before)))") }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT \(statementColumns) FROM statements\(whereClause) ORDER BY seq DESC LIMIT \(bind(.integer(Int64(max(0, limit)))))"
        return (sql, binds)
    }

    /// `text` with LIKE's wildcards and its escape character escaped, so it matches only itself.
    static func likeEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// Fills the search text of statements stored before it existed (schema version 12), in
    /// batches; a no-op once every row has one. Runs inside the migration transaction.
    static func backfillSearchText(_ connection: any SQLConnection) async throws {
        while true {
            let rows = try await connection.query("SELECT id, document FROM statements WHERE search_text IS NULL LIMIT 500", [])
            if rows.isEmpty { return }
            for row in rows {
                let id = try row.text(0)
                let text = StatementSearchText.of(document: try row.blob(1)) ?? ""
                _ = try await connection.query("UPDATE statements SET search_text = $2 WHERE id = $1", [.text(id), .text(text)])
            }
        }
    }

    func statement(_ id: StatementID) async throws -> StatementRecord? {
        try await first("SELECT \(Self.statementColumns) FROM statements WHERE id = $1", [.text(id.rawValue)], Self.decodeStatement)
    }

    func statements(_ filter: StatementFilter, before: Int64?, limit: Int) async throws -> [StatementRecord] {
        let query = Self.listing(filter, before: before, limit: limit)
        return try await all(query.sql, query.binds, Self.decodeStatement)
    }

    func insertStatement(_ statement: StatementRecord) async throws -> Int64 {
        let rows = try await run(
            """
            INSERT INTO statements (id, creator, title, document, digest, state, weight, threshold, decided_at, created_at, \
            expires_at, updated_at, search_text, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
            RETURNING seq
            """,
            Self.statementValues(statement),
            duplicate: "statement \(statement.id)")
        guard let seq = try rows.first?.int(0) else { throw StoreError.corruptRow("INSERT … RETURNING seq returned no row") }
        return seq
    }

    /// Binds $1…$14 of the INSERT.
    static func statementValues(_ statement: StatementRecord) -> [SQLValue] {
        var values: [SQLValue] = [
            .text(statement.id.rawValue), .text(statement.creator.rawValue), .text(statement.title), .blob(statement.document),
            .text(statement.digest),
        ]
        values += statusValues(statement.status)
        values += [.date(statement.createdAt), .date(statement.expiresAt), .date(statement.updatedAt)]
        let searchText = statement.searchText
            ?? StatementSearchText.of(document: statement.document) ?? StatementSearchText.of(title: statement.title, content: .null)
        values.append(.text(searchText))
        values.append(.date(statement.status.state.isFinal ? nil : statement.dueAt))
        return values
    }

    /// Binds for state, weight, threshold and decided_at.
    static func statusValues(_ status: StatementStatus) -> [SQLValue] {
        [.text(status.state.rawValue), .integer(Int64(status.weight)), .integer(Int64(status.threshold)), .date(status.decidedAt)]
    }

    func lockStatement(_ id: StatementID) async throws -> StatementRecord? {
        try await first(
            "SELECT \(Self.statementColumns) FROM statements WHERE id = $1\(dialect.forUpdate)", [.text(id.rawValue)],
            Self.decodeStatement)
    }

    /// The statement's columns, the key's and the directory token from one row: the statement
    /// and the key locked together (PostgreSQL FOR UPDATE locks the rows of both tables). On
    /// SQLite the statement's votes come in the same row (`sqliteVotesJSON`).
    private static func voteLockQuery(withVotes: Bool) -> String {
        let statement = statementColumns.split(separator: ",").map { "s.\($0.trimmingCharacters(in: .whitespacesAndNewlines))" }
        let key = keyColumns.split(separator: ",").map { "k.\($0.trimmingCharacters(in: .whitespaces))" }
        return "SELECT \((statement + key).joined(separator: ", ")), (SELECT token FROM directory_version WHERE id = 1)"
            + (withVotes ? ", \(sqliteVotesJSON)" : "") + " FROM statements s JOIN signing_keys k ON k.kid = $2 WHERE s.id = $1"
    }
    private static let sqliteVoteLockQuery = voteLockQuery(withVotes: true)
    private static let postgresVoteLockQuery = voteLockQuery(withVotes: false)

    /// A subquery giving the statement's votes as JSON text, each row an array of `voteColumns`
    /// in order (text, integers, null), or "[]". SQLite only: its write transaction excludes every
    /// other writer, so what one statement reads is current. PostgreSQL evaluates such a subquery
    /// with the snapshot taken before FOR UPDATE waited for the lock, so it would miss the votes of
    /// the transaction it waited for (the concurrency tests catch that); there the votes are read
    /// in a statement of their own after the lock.
    private static let sqliteVotesJSON = "(SELECT json_group_array(json_array(\(voteColumns))) FROM votes WHERE statement = s.id)"

    /// Votes from `sqliteVotesJSON`'s text, in `votes(statement:)`'s order.
    static func decodeVotes(json text: String) throws -> [VoteRecord] {
        let parser = JSONParser(limits: .init(maxBytes: 64 << 20, maxDepth: 4))
        guard case .array(let rows) = try parser.parse(Array(text.utf8)) else { throw StoreError.corruptRow("the votes are not a JSON array") }
        let votes = try rows.map { row -> VoteRecord in
            guard case .array(let cells) = row else { throw StoreError.corruptRow("a vote is not a JSON array") }
            return try decodeVote(SQLRow(values: try cells.map { cell -> SQLValue in
                switch cell {
                case .string(let value): return .text(value)
                case .null: return .null
                case .number(let value):
                    guard let integer = Int64(exactly: value) else { throw StoreError.corruptRow("a vote's number \(value) is not an integer") }
                    return .integer(integer)
                default: throw StoreError.corruptRow("a vote's cell is \(cell)")
                }
            }))
        }
        return VoteLock.inReceiptOrder(votes)
    }

    func lockForVote(statement id: StatementID, kid: String) async throws -> VoteLock? {
        let statementCount = Self.statementColumns.split(separator: ",").count
        let keyCount = Self.keyColumns.split(separator: ",").count
        let withVotes = dialect.engine == "sqlite"
        let query = withVotes ? Self.sqliteVoteLockQuery : Self.postgresVoteLockQuery
        let found = try await first(query + dialect.forUpdate, [.text(id.rawValue), .text(kid)]) { row in
            let values = row.values
            guard values.count == statementCount + keyCount + (withVotes ? 2 : 1) else {
                throw StoreError.corruptRow("vote lock row has \(values.count) columns")
            }
            let statement = try Self.decodeStatement(SQLRow(values: Array(values[0..<statementCount])))
            let key = try Self.decodeKey(SQLRow(values: Array(values[statementCount..<(statementCount + keyCount)])))
            let extra = SQLRow(values: Array(values[(statementCount + keyCount)...]))
            return (statement, key, try extra.optionalInt(0), withVotes ? try Self.decodeVotes(json: try extra.text(1)) : nil)
        }
        guard let (statement, key, token, lockedVotes) = found else { return nil }
        var votes = lockedVotes ?? []
        if lockedVotes == nil { votes = try await self.votes(statement: id) }
        return VoteLock(
            statement: statement, key: key, members: try await allMembers(knownToken: token), directoryVersion: token, votes: votes)
    }

    func updateStatementStatus(_ id: StatementID, status: StatementStatus, updatedAt: Date, dueAt: Date?) async throws {
        try await hold(.statement(
            table: "statements",
            sql: "UPDATE statements SET state = $2, weight = $3, threshold = $4, decided_at = $5, updated_at = $6, due_at = $7 WHERE id = $1",
            binds: [SQLValue.text(id.rawValue)] + Self.statusValues(status)
                + [SQLValue.date(updatedAt), SQLValue.date(status.state.isFinal ? nil : dueAt)]))
    }

    func setStatementDue(_ id: StatementID, dueAt: Date?) async throws {
        try await run("UPDATE statements SET due_at = $2 WHERE id = $1", [.text(id.rawValue), .date(dueAt)])
    }

    func dueStatements(at now: Date, limit: Int) async throws -> [StatementID] {
        try await all(
            "SELECT id FROM statements WHERE due_at <= $1 ORDER BY due_at, seq LIMIT $2", [.date(now), .integer(Int64(limit))]
        ) { try $0.parsed(0, "statement id", StatementID.init) }
    }

    static let voteColumns = "statement, member, kind, kid, key_method, signature, received_at, step_up, reason"

    static func decodeVote(_ row: SQLRow) throws -> VoteRecord {
        VoteRecord(
            statement: try row.parsed(0, "statement id", StatementID.init), member: try row.parsed(1, "member id", MemberID.init),
            kind: try row.enumeration(2, as: VoteKind.self), kid: try row.text(3), keyMethod: try row.text(4),
            signature: try row.text(5), receivedAt: try row.date(6), stepUp: try row.bool(7), reason: try row.optionalText(8))
    }

    func votes(statement: StatementID) async throws -> [VoteRecord] {
        // Ordered again here: PostgreSQL compares the member ids by its collation, not byte by byte.
        VoteLock.inReceiptOrder(try await all(
            "SELECT \(Self.voteColumns) FROM votes WHERE statement = $1 ORDER BY received_at, member",
            [.text(statement.rawValue)], Self.decodeVote))
    }

    func insertVote(_ vote: VoteRecord) async throws {
        try await hold(.insert(table: "votes", columns: Self.voteColumns, rows: [
            [.text(vote.statement.rawValue), .text(vote.member.rawValue), .text(vote.kind.rawValue), .text(vote.kid),
             .text(vote.keyMethod), .text(vote.signature), .date(vote.receivedAt), .bool(vote.stepUp), .optionalText(vote.reason)],
        ]))
    }

    func deleteVote(statement: StatementID, member: MemberID) async throws -> Bool {
        let rows = try await run(
            "DELETE FROM votes WHERE statement = $1 AND member = $2 RETURNING member", [.text(statement.rawValue), .text(member.rawValue)])
        return !rows.isEmpty
    }
}
