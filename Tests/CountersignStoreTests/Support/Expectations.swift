import Testing
@testable import CountersignStore

/// Which kind of `StoreError` a test expects.
enum StoreErrorKind: Sendable {
    case duplicate, unavailable, migration, corruptRow, invalidConfiguration

    func matches(_ error: StoreError) -> Bool {
        switch (self, error) {
        case (.duplicate, .duplicate), (.unavailable, .unavailable), (.migration, .migration),
             (.corruptRow, .corruptRow), (.invalidConfiguration, .invalidConfiguration):
            true
        default:
            false
        }
    }
}

/// Records an issue unless `body` throws a `StoreError` of `kind`.
func expectStoreError(
    _ kind: StoreErrorKind, _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("\(what): expected StoreError.\(kind), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as StoreError {
        if !kind.matches(error) {
            Issue.record("\(what): expected StoreError.\(kind), got \(error)", sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("\(what): expected StoreError.\(kind), got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    }
}
