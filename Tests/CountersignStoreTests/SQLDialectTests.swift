import Testing
@testable import CountersignStore

@Suite struct SQLDialectTests {
    @Test("SQLite numbers placeholders with ?n; a $ not followed by a digit stays", arguments: [
        ("SELECT a FROM t WHERE b = $1 AND c = $12", "SELECT a FROM t WHERE b = ?1 AND c = ?12"),
        ("SELECT 'é€' || $2", "SELECT 'é€' || ?2"),
        ("SELECT '$x', $", "SELECT '$x', $"),
        ("$1", "?1"),
        ("", ""),
    ])
    func sqlitePlaceholders(sql: String, expected: String) {
        #expect(SQLDialect.sqlite.prepare(sql) == expected)
    }

    @Test("PostgreSQL queries pass unchanged")
    func postgresPlaceholders() {
        #expect(SQLDialect.postgres.prepare("SELECT $1") == "SELECT $1")
    }
}
