import Countersign
import CountersignStore
import Foundation

/// What a member asks the statement list for (docs/api.md, "Listing and searching statements"),
/// already checked and bounded by the route.
struct StatementListQuery: Sendable, Hashable {
    /// Any of these states; empty = every state.
    var states: Set<StatementState> = []
    var creator: MemberID?
    /// Only statements the asking member created.
    var mine = false
    /// Only open statements whose policy names the asking member, who has not voted on them.
    var waiting = false
    /// The search text as typed (trimmed), checked by `StatementSearchText.query`.
    var search: String?
    var createdFrom: Date?
    var createdBefore: Date?
    /// true: only archived statements (decided longer than the archive age ago); false: none of
    /// them; nil: both.
    var archived: Bool?
    /// The cursor of the previous page.
    var before: Int64?
    var limit = 50
}

/// One page of a listing; `nextCursor` is nil on the last page. A page may hold fewer than the
/// limit and still have a next cursor (a "waiting for me" page whose scan budget ran out).
struct StatementPage: Sendable {
    let records: [StatementRecord]
    let nextCursor: Int64?
}

extension StatementService {
    /// The most statements one "waiting for me" page reads to find its matches: the policy test
    /// runs on the statement document, past what SQL can filter.
    static let waitingScanBudget = 2000

    static let openStates: Set<StatementState> = [.pending, .timelocked]

    /// The most members a search may match by name: their ids are bound into the query.
    static let maximumNameMatches = 1000

    /// One page of statements for `member`, newest first. Every member may list every statement
    /// (as every member may read each one); the filters only narrow that.
    func page(_ query: StatementListQuery, for member: MemberRecord, archiveAfter: TimeInterval) async throws -> StatementPage {
        var filter = StatementFilter()
        filter.states = query.states
        filter.creator = query.mine ? member.id : query.creator
        filter.createdFrom = query.createdFrom
        filter.createdBefore = query.createdBefore
        let archiveLine = clock.now.addingTimeInterval(-archiveAfter)
        switch query.archived {
        case true?: filter.decidedBefore = archiveLine
        case false?: filter.undecidedOrDecidedFrom = archiveLine
        case nil: break
        }
        if let text = query.search {
            guard let folded = StatementSearchText.query(text) else {
                throw ServiceError.invalid("invalid_query", "q must be 1 to \(StatementSearchText.maximumQueryLength) characters without control characters")
            }
            let members = try await store.read { try await $0.allMembers() }
            let named = members.filter { StatementSearchText.fold($0.name).contains(folded) }.map(\.id)
            guard named.count <= Self.maximumNameMatches else {
                throw ServiceError.invalid(
                    "query_too_broad", "q matches the names of more than \(Self.maximumNameMatches) members; search for more of the text")
            }
            filter.search = StatementSearch(folded: folded, creatorMatches: named)
        }
        guard query.waiting else {
            let records = try await store.read { [filter] in try await $0.statements(filter, before: query.before, limit: query.limit) }
            return StatementPage(records: records, nextCursor: records.count == query.limit ? records.last?.seq : nil)
        }
        filter.states = query.states.isEmpty ? Self.openStates : query.states.intersection(Self.openStates)
        if filter.states.isEmpty { return StatementPage(records: [], nextCursor: nil) }
        filter.notVotedBy = member.id
        return try await waitingPage(filter, for: member.member, before: query.before, limit: query.limit)
    }

    /// The statements of `filter` whose policy names `member`, read in batches from the cursor
    /// until the page is full, the rows end, or the scan budget is spent.
    private func waitingPage(_ filter: StatementFilter, for member: Member, before: Int64?, limit: Int) async throws -> StatementPage {
        var found: [StatementRecord] = []
        var cursor = before
        var scanned = 0
        while scanned < Self.waitingScanBudget {
            let batch = min(max(limit * 2, 100), Self.waitingScanBudget - scanned)
            let rows = try await store.read { [cursor] in try await $0.statements(filter, before: cursor, limit: batch) }
            scanned += rows.count
            for row in rows {
                cursor = row.seq
                guard try Self.policy(of: row).namesSigner(member) else { continue }
                found.append(row)
                if found.count == limit { return StatementPage(records: found, nextCursor: row.seq) }
            }
            if rows.count < batch { return StatementPage(records: found, nextCursor: nil) }
        }
        return StatementPage(records: found, nextCursor: cursor)
    }

    /// The policy frozen in a stored statement's document.
    private static func policy(of record: StatementRecord) throws -> Policy {
        do {
            return try Statement(canonicalBytes: record.document).policy
        } catch {
            throw StoreError.corruptRow("statement \(record.id): \(error)")
        }
    }
}
