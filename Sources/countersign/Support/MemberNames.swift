import CountersignClient
import Foundation

/// Names to print beside member ids, so that a person reads `Alice Chen (mem_…)` where the
/// server and the evidence speak in ids.
///
/// The names come from what the command can read with the credentials it already has: the
/// member directory (`GET /api/members`) for member commands, the admin's member list for admin
/// commands, the evidence bundle's own `members` for `verify`. An id without a known name (a
/// member no longer active, say) is printed alone. Only text output uses it: `--json` prints the
/// server's objects unchanged.
struct MemberNames: Sendable {
    private let names: [String: String]

    /// No names: every id is printed alone.
    static let none = MemberNames(pairs: [])

    init(pairs: [(id: String, name: String)]) {
        var names: [String: String] = [:]
        for (id, name) in pairs {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty, names[id] == nil { names[id] = trimmed }
        }
        self.names = names
    }

    /// "Alice Chen (mem_…)" when the member's name is known, else the id alone.
    func label(_ id: String) -> String {
        names[id].map { "\($0) (\(id))" } ?? id
    }

    /// The active members' names from the member directory. A server that refuses the directory
    /// (an older one without the route, say) costs only the names; an unreachable server or an
    /// answer that is not what the API promises is an error like any other.
    static func directory(_ client: CountersignClient) async throws -> MemberNames {
        do throws(CountersignClientError) {
            return MemberNames(pairs: try await client.directory().map { ($0.id, $0.name) })
        } catch {
            guard error.code != nil else { throw error }
            return .none
        }
    }

    /// Every member's name from the admin's member list (all statuses).
    static func administered(_ client: CountersignClient) async throws -> MemberNames {
        MemberNames(pairs: try await client.members().map { ($0.id, $0.name) })
    }
}
