import Countersign
import Foundation
import Testing
@testable import CountersignStore

@Suite("Statement listings")
struct ListingTests {
    @Test("pages newest first with a seq cursor, with and without filters", arguments: Engine.available)
    func pagination(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            // 30 statements; creators 1, 2, 3 in turn; every third one approved.
            let seqs = try await store.write { tx in
                var seqs: [Int64] = []
                for n in 1...30 {
                    seqs.append(try await tx.insertStatement(Fixtures.statement(n, creator: n % 3 + 1, state: n % 3 == 0 ? .approved : .pending)))
                }
                return seqs
            }
            #expect(seqs == seqs.sorted() && Set(seqs).count == 30)

            func everything(_ filter: StatementFilter, pageSize: Int) async throws -> [StatementRecord] {
                var pages: [StatementRecord] = []
                var cursor: Int64?
                while true {
                    let before = cursor
                    let page = try await store.read { try await $0.statements(filter, before: before, limit: pageSize) }
                    #expect(page.count <= pageSize)
                    pages += page
                    guard page.count == pageSize, let last = page.last else { return pages }
                    cursor = last.seq
                }
            }
            let all = try await everything(StatementFilter(), pageSize: 7)
            #expect(all.map(\.id) == (1...30).reversed().map(Fixtures.statementID))
            #expect(all.map(\.seq) == seqs.reversed())

            let approved = try await everything(StatementFilter(state: .approved), pageSize: 4)
            #expect(approved.map(\.id) == stride(from: 30, through: 3, by: -3).map(Fixtures.statementID))

            let byCreator = try await everything(StatementFilter(creator: Fixtures.memberID(2)), pageSize: 3)
            #expect(byCreator.map(\.id) == (1...30).reversed().filter { $0 % 3 + 1 == 2 }.map(Fixtures.statementID))

            let both = try await everything(StatementFilter(state: .pending, creator: Fixtures.memberID(3)), pageSize: 2)
            #expect(both.map(\.id) == (1...30).reversed().filter { $0 % 3 == 2 }.map(Fixtures.statementID))

            #expect(try await store.read { try await $0.statements(StatementFilter(), before: seqs[0], limit: 10) }.isEmpty)
            #expect(try await store.read { try await $0.statements(StatementFilter(), before: nil, limit: 0) }.isEmpty)
        }
    }

    /// The plan of each listing shape must be an index range scan, without a sort step (a sort
    /// means the engine reads every matching row before returning a page).
    @Test("each listing shape is an index scan without a sort", arguments: Engine.available)
    func listingUsesIndexes(engine: Engine) async throws {
        try await withStore(engine) { store, _ async throws in
            try await store.write { tx in
                for n in 1...50 { _ = try await tx.insertStatement(Fixtures.statement(n, creator: n % 5 + 1)) }
            }
            let shapes: [(StatementFilter, String)] = [
                (StatementFilter(), engine == .sqlite ? "INTEGER PRIMARY KEY" : "statements_pkey"),
                (StatementFilter(state: .pending), "statements_state_seq"),
                (StatementFilter(creator: Fixtures.memberID(2)), "statements_creator_seq"),
            ]
            for (filter, index) in shapes {
                let query = SQLTransaction.listing(filter, before: 40, limit: 20)
                let plan = try await store.driver.transaction(write: false) { connection in
                    if engine == .postgresql {
                        // A 50-row table fits one page, where a scan is cheapest; forbid it so the
                        // plan shows which index the query can use at scale.
                        _ = try await connection.query("SET LOCAL enable_seqscan = off", [])
                    }
                    let rows = try await connection.query(store.driver.dialect.explain + query.sql, query.binds)
                    return rows.map { row in row.values.compactMap { value -> String? in
                        if case .text(let text) = value { return text }
                        return nil
                    }.joined(separator: " ") }
                        .joined(separator: "\n")
                }
                #expect(plan.contains(index), "plan for \(filter): \(plan)")
                #expect(!plan.contains("TEMP B-TREE") && !plan.contains("Sort"), "plan for \(filter) sorts: \(plan)")
                #expect(!plan.split(separator: "\n").contains("SCAN statements") && !plan.contains("Seq Scan"), "plan for \(filter) scans: \(plan)")
            }
        }
    }
}
