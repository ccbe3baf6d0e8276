import Countersign
import Foundation
import Hummingbird

/// The query string of GET /api/statements, read strictly: only the parameters below, each at
/// most once, each checked (docs/api.md, "Listing and searching statements"). Anything else is
/// 400 invalid_query, so that a misspelt filter is refused rather than silently widening the list.
enum StatementListParameters {
    static let names: Set<String> = ["state", "creator", "mine", "waiting", "q", "createdFrom", "createdBefore", "archived", "cursor", "limit"]

    static func parse(_ parameters: Parameters, maxLimit: Int) throws -> StatementListQuery {
        var values: [String: String] = [:]
        for (name, value) in parameters {
            let key = String(name)
            guard names.contains(key) else { throw invalid("unknown parameter \"\(key.prefix(40))\"; known: \(names.sorted().joined(separator: ", "))") }
            guard values[key] == nil else { throw invalid("\(key) given more than once") }
            values[key] = String(value)
        }
        var query = StatementListQuery()
        if let text = values["state"] { query.states = try states(text) }
        if let text = values["creator"] {
            guard let id = try? MemberID(text) else { throw invalid("creator must be a member id") }
            query.creator = id
        }
        if let text = values["mine"] { query.mine = try flag("mine", text) }
        if query.mine, query.creator != nil { throw invalid("give creator or mine=true, not both") }
        if let text = values["waiting"] { query.waiting = try flag("waiting", text) }
        if let text = values["archived"] { query.archived = try flag("archived", text) }
        if let text = values["q"] {
            guard StatementSearchText.query(text) != nil else {
                throw invalid("q must be 1 to \(StatementSearchText.maximumQueryLength) characters without control characters")
            }
            query.search = text
        }
        query.createdFrom = try values["createdFrom"].map { try instant("createdFrom", $0) }
        query.createdBefore = try values["createdBefore"].map { try instant("createdBefore", $0) }
        if let from = query.createdFrom, let before = query.createdBefore, from >= before {
            throw invalid("createdFrom must be before createdBefore")
        }
        if let text = values["cursor"] {
            guard text.utf8.count <= 19, let value = Int64(text), value > 0 else { throw invalid("cursor must be a cursor from a previous page") }
            query.before = value
        }
        if let text = values["limit"] {
            guard text.utf8.count <= 4, let value = Int(text), (1...maxLimit).contains(value) else {
                throw invalid("limit must be between 1 and \(maxLimit)")
            }
            query.limit = value
        }
        return query
    }

    /// One state or several, comma-separated ("pending,timelocked").
    static func states(_ text: String) throws -> Set<StatementState> {
        let known = StatementState.allCases.map(\.rawValue).joined(separator: ", ")
        var states: Set<StatementState> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let state = StatementState(rawValue: String(part)) else {
                throw invalid("state must be one of \(known), or several of them separated by commas")
            }
            states.insert(state)
        }
        return states
    }

    /// Exactly "true" or "false".
    static func flag(_ name: String, _ text: String) throws -> Bool {
        switch text {
        case "true": return true
        case "false": return false
        default: throw invalid("\(name) must be true or false")
        }
    }

    /// An RFC 3339 date-time with a time zone ("2026-12-01T00:00:00Z", "2026-12-01T00:00:00+01:00").
    static func instant(_ name: String, _ text: String) throws -> Date {
        guard text.utf8.count <= 40, let date = Timestamp.parse(text) else {
            throw invalid("\(name) must be an RFC 3339 date-time with a time zone, such as 2026-12-01T00:00:00Z")
        }
        return date
    }

    static func invalid(_ message: String) -> ServiceError { .invalid("invalid_query", message) }
}
