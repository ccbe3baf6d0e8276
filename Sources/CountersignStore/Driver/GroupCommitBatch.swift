import Synchronization

extension GroupCommit {
    /// One shared transaction: its leased connection, how many bodies joined it, and its outcome,
    /// which the members whose bodies succeeded wait for.
    final class Batch: Sendable {
        let connection: any SQLConnection
        /// Resumed when the batch is over: the lease ends and the connection goes back.
        private let release: CheckedContinuation<Void, Never>
        private let state = Mutex(State())

        private struct State {
            var members = 0
            var result: Result<Void, any Error>?
            var waiters: [CheckedContinuation<Void, any Error>] = []
        }

        private init(connection: any SQLConnection, release: CheckedContinuation<Void, Never>) {
            self.connection = connection
            self.release = release
        }

        var members: Int { state.withLock { $0.members } }
        var isOpen: Bool { state.withLock { $0.result == nil } }

        /// Counts one more body in the batch; returns how many it has now.
        @discardableResult
        func addMember() -> Int {
            state.withLock { state in
                state.members += 1
                return state.members
            }
        }

        /// Leases a connection in a task of its own, held until `finish`.
        static func open(lease: @escaping GroupCommit.Lease) async throws -> Batch {
            let once = Once()
            return try await withCheckedThrowingContinuation { (opened: CheckedContinuation<Batch, any Error>) in
                Task {
                    do {
                        try await lease { connection in
                            await withCheckedContinuation { (release: CheckedContinuation<Void, Never>) in
                                if once.claim() {
                                    opened.resume(returning: Batch(connection: connection, release: release))
                                } else {
                                    release.resume()
                                }
                            }
                        }
                    } catch {
                        if once.claim() { opened.resume(throwing: error) }
                    }
                }
            }
        }

        /// Records the outcome, answers every waiting member and gives the connection back.
        func finish(_ result: Result<Void, any Error>) {
            let waiters = state.withLock { state -> [CheckedContinuation<Void, any Error>]? in
                guard state.result == nil else { return nil }
                state.result = result
                defer { state.waiters = [] }
                return state.waiters
            }
            guard let waiters else { return }
            for waiter in waiters { waiter.resume(with: result) }
            release.resume()
        }

        /// Returns once the batch committed; throws when it did not.
        func outcome() async throws {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let result = state.withLock { state -> Result<Void, any Error>? in
                    if state.result == nil { state.waiters.append(continuation) }
                    return state.result
                }
                if let result { continuation.resume(with: result) }
            }
        }
    }

    /// True for the first caller of `claim` only.
    private final class Once: Sendable {
        private let claimed = Atomic(false)

        func claim() -> Bool {
            claimed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        }
    }
}
