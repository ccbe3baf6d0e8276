import Foundation
import PostgresNIO
import Testing
@testable import CountersignStore

/// Named prepared statements on PostgreSQL (`PreparedStatements`): a statement text takes a slot
/// the second time it runs, with the parameter types of that run; a run whose types differ, a
/// text first seen with a NULL, and every text once the slots are gone run unnamed; and a
/// prepared statement gives the same rows as the unnamed one, on connections that prepared it
/// and on fresh ones.
@Suite("PostgreSQL prepared statements")
struct PreparedStatementTests {
    @Test("slots: given on the second run, fixed types (NULL fits any), none for texts first seen with a NULL, none past capacity")
    func slots() {
        let slots = PreparedStatements(capacity: 2)
        let select = "SELECT $1::int8 + 1"
        #expect(slots.slot(for: select, types: [.int8]) == nil)
        #expect(slots.slot(for: select, types: [.int8]) == 0)
        #expect(slots.slot(for: select, types: [.int8]) == 0)
        #expect(slots.slot(for: select, types: [nil]) == 0)
        #expect(slots.slot(for: select, types: [.text]) == nil)
        #expect(slots.slot(for: select, types: [.int8, .int8]) == nil)
        #expect(slots.slot(at: 0).sql == select && slots.slot(at: 0).types == [.int8])

        let withNull = "SELECT $1::text"
        #expect(slots.slot(for: withNull, types: [nil]) == nil)
        #expect(slots.slot(for: withNull, types: [nil]) == nil)
        #expect(slots.slot(for: withNull, types: [.text]) == 1)

        let third = "SELECT 3"
        #expect(slots.slot(for: third, types: []) == nil)
        #expect(slots.slot(for: third, types: []) == nil)
    }

    @Test("a prepared statement answers as the unnamed one did, on the connection that prepared it and on a fresh one", .enabled(if: Engine.postgresURL != nil))
    func preparedRowsMatch() async throws {
        try await TestDatabase.with(.postgresql) { database in
            let configuration = try PostgresURL(database.location).connectionConfiguration()
            let sql = "SELECT $1::int8 * 2 AS doubled, $2::text || '!' AS shouted, $3::bytea AS raw, $4::text IS NULL AS missing -- prepared test"
            let binds: [SQLValue] = [.integer(21), .text("hi"), .blob([1, 2, 3]), .text("there")]
            let withNull: [SQLValue] = [.integer(21), .text("hi"), .blob([1, 2, 3]), .null]
            var answers: [[SQLValue]] = []
            for id in 1...2 {
                let connection = try await PostgresConnection.connect(configuration: configuration, id: id, logger: testLogger)
                let session = PostgresSession(connection: connection, watch: ConnectionWatch(connection), logger: testLogger)
                for _ in 0..<3 {
                    answers.append(try #require(try await session.query(sql, binds).first).values)
                }
                // NULL fits the slot's text parameter: the prepared statement runs with it.
                #expect(try await session.query(sql, withNull).first?.values == [.integer(42), .text("hi!"), .blob([1, 2, 3]), .integer(1)])
                try await connection.close()
            }
            #expect(PreparedStatements.shared.slot(for: sql, types: [.int8, .text, .bytea, .text]) != nil)
            #expect(answers.count == 6)
            #expect(answers.allSatisfy { $0 == [.integer(42), .text("hi!"), .blob([1, 2, 3]), .integer(0)] }, "\(answers)")
        }
    }
}
