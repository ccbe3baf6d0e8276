import Foundation
import Testing
@testable import CountersignStore

/// SQLite transactions run on their connection's own thread (`ConnectionThread`), statements and
/// the code between them alike: no hand-off to the shared concurrency pool per statement.
@Suite("SQLite connection threads")
struct ConnectionThreadTests {
    /// The name of the calling thread (NIOThreadPool names its threads "TP-#n"). Synchronous:
    /// `Thread.current` is not available to async code.
    static func threadName() -> String {
        Thread.current.name ?? ""
    }

    static func thread() -> (id: UInt, name: String) { (UInt(pthread_self()), threadName()) }

    @Test("a write and a read run their bodies on one connection thread")
    func oneThreadPerTransaction() async throws {
        try await withStore(.sqlite) { store, _ async throws in
            let written = try await store.write { tx in
                var seen = [Self.thread()]
                for n in 1...6 {
                    try await tx.insertMember(Fixtures.member(n))
                    seen.append(Self.thread())
                }
                _ = try await tx.allMembers()
                seen.append(Self.thread())
                return seen
            }
            #expect(Set(written.map(\.id)).count == 1, "\(written)")
            #expect(written.allSatisfy { $0.name.hasPrefix("TP-#") }, "\(written)")

            let read = try await store.read { reader in
                var seen = [Self.thread()]
                for n in 1...6 {
                    _ = try await reader.member(Fixtures.memberID(n))
                    seen.append(Self.thread())
                }
                return seen
            }
            #expect(Set(read.map(\.id)).count == 1, "\(read)")
            #expect(read.allSatisfy { $0.name.hasPrefix("TP-#") }, "\(read)")
        }
    }
}
