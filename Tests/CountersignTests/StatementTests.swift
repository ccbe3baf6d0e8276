import CountersignJSON
import Foundation
import Testing
@testable import Countersign

@Suite struct StatementTests {
    static let policyJSON = Fixture.anyOf(2, ["a", "b", "c"], extra: #","expiresAfter":"P30D""#)

    func statement(title: String = "Series A term sheet", content: JSONValue = .object(["amount": 2_000_000, "currency": "EUR"]),
                   createdAt: Date = Fixture.t0, expiresAt: Date? = nil, policy: String = policyJSON) throws -> Statement {
        try Statement(id: StatementID("st_1"), title: title, content: content, creator: Fixture.id("a"),
                      createdAt: createdAt, expiresAt: expiresAt, policy: Fixture.policy(policy))
    }

    @Test("the document is exactly the contract's JCS bytes, and the digest is base64url SHA-256 of them")
    func document() throws {
        let value = try statement(createdAt: Fixture.t0.addingTimeInterval(0.75))
        let expected = #"{"content":{"amount":2000000,"currency":"EUR"},"countersign":"statement/v1","createdAt":"2026-11-21T10:00:00Z","creator":"mem_a","expiresAt":null,"id":"st_1","policy":{"expiresAfter":"P30D","signers":[{"member":"mem_a","weight":1},{"member":"mem_b","weight":1},{"member":"mem_c","weight":1}],"threshold":2},"title":"Series A term sheet"}"#
        #expect(String(decoding: value.canonicalBytes, as: UTF8.self) == expected)
        #expect(value.createdAt == Fixture.t0, "times are whole seconds")
        #expect(value.digest.count == 43 && value.signedStatement.digest == value.digest)
        #expect(try Statement(canonicalBytes: value.canonicalBytes) == value)
        #expect(value.effectiveExpiry == Fixture.at(days: 30))
    }

    @Test("reading: whitespace and member order are free, but not for signed bytes")
    func reading() throws {
        let value = try statement(expiresAt: Fixture.at(days: 10))
        let text = #"""
            { "id": "st_1", "countersign": "statement/v1", "title": "Series A term sheet",
              "content": {"currency": "EUR", "amount": 2e6}, "creator": "mem_a",
              "createdAt": "2026-11-21T10:00:00Z", "expiresAt": "2026-12-01T10:00:00Z", "policy": \#(Self.policyJSON) }
            """#
        #expect(try Statement(json: Array(text.utf8)) == value)
        #expect(throws: StatementError.notCanonical) { try Statement(canonicalBytes: Array(text.utf8)) }
        #expect(value.effectiveExpiry == Fixture.at(days: 10))
    }

    @Test("refused documents", arguments: [
        (#""countersign":"statement/v2""#, "statement_format"),
        (#""createdAt":"2026-11-21T10:00:00.000Z""#, "statement_timestamp"),
        (#""createdAt":"2026-11-21T11:00:00+01:00""#, "statement_timestamp"),
        (#""createdAt":"2026-11-21t10:00:00z""#, "statement_timestamp"),
        (#""createdAt":"2026-02-30T10:00:00Z""#, "statement_timestamp"),
        (#""createdAt":1795255200"#, "statement_wrong_type"),
        (#""expiresAt":"2026-11-21T10:00:00Z""#, "statement_expires_before_creation"),
        (#""id":"mem_1""#, "statement_identifier"),
        (#""creator":"st_1""#, "statement_identifier"),
        (#""title":"""#, "statement_title"),
        (#""title":"two\nlines""#, "statement_title"),
        (#""policy":{"threshold":4,"signers":[{"member":"mem_a","weight":1}]}"#, "policy_unreachable"),
        (#""extra":1"#, "statement_unknown_field"),
    ])
    func refused(replacement: String, code: String) throws {
        let base: [String: String] = [
            "countersign": #""statement/v1""#, "id": #""st_1""#, "title": #""T""#, "content": "{}", "creator": #""mem_a""#,
            "createdAt": #""2026-11-21T10:00:00Z""#, "expiresAt": "null", "policy": Self.policyJSON,
        ]
        var members = base.map { #""\#($0.key)":\#($0.value)"# }
        let name = String(replacement.dropFirst().prefix { $0 != "\"" })
        members.removeAll { $0.hasPrefix(#""\#(name)":"#) }
        members.append(replacement)
        let text = "{" + members.joined(separator: ",") + "}"
        do {
            _ = try Statement(json: Array(text.utf8))
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.code == code, "\(error)")
        }
    }

    @Test("a missing member is named", arguments: Statement.documentFields)
    func missing(field: String) throws {
        var document = try statement().documentJSON.objectValue ?? [:]
        document[field] = nil
        #expect(throws: StatementError.missingField(field)) { try Statement(document: .object(document)) }
    }

    @Test("content limits: 1 MiB canonical, depth 64, finite numbers")
    func contentLimits() throws {
        var deep: JSONValue = 1
        for _ in 0..<64 { deep = .array([deep]) }
        _ = try statement(content: deep)
        #expect(throws: StatementError.contentTooDeep(limit: 64)) { try statement(content: .array([deep])) }
        #expect(throws: StatementError.contentNotIJSON("nan is not a finite number")) { try statement(content: .number(.nan)) }
        let big = JSONValue.string(String(repeating: "x", count: Statement.maximumContentBytes))
        #expect(throws: StatementError.contentTooLarge(bytes: Statement.maximumContentBytes + 2, limit: Statement.maximumContentBytes)) {
            try statement(content: big)
        }
    }

    @Test("a policy this statement can never meet is refused")
    func unmeetable() throws {
        let selfRequired = Fixture.anyOf(1, ["a", "b"], extra: #","required":["mem_a"],"allowSelfApproval":false"#)
        #expect(throws: StatementError.self) { try statement(policy: selfRequired) }
        let onlyCreator = Fixture.anyOf(1, ["a"], extra: #","allowSelfApproval":false"#)
        #expect(throws: StatementError.self) { try statement(policy: onlyCreator) }
        let waitTooLong = #"{"threshold":2,"signers":[{"member":"mem_b","weight":1},{"wait":"P7D","weight":1}]}"#
        _ = try statement(expiresAt: Fixture.at(days: 8), policy: waitTooLong)
        do {
            _ = try statement(expiresAt: Fixture.at(days: 6), policy: waitTooLong)
            Issue.record("a statement expiring before its wait matures was accepted")
        } catch let error as StatementError {
            #expect(error.code == "statement_policy_cannot_be_met")
        }
    }
}
