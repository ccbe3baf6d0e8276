import Countersign
import CountersignStore

/// The dangerous operations as one member sees them: those that affect them (`OperationAudience`).
struct MemberOperations: Sendable {
    let store: any Store

    /// Pending operations affecting `member`, newest first (at most the admin list's limit).
    func pending(affecting member: MemberID) async throws -> [OperationRecord] {
        try await store.read { reader -> [OperationRecord] in
            var mine: [OperationRecord] = []
            for operation in try await reader.operations(state: .pending, limit: OperationScheduler.listLimit) {
                if try await OperationAudience.members(of: operation, reader: reader).contains(member) { mine.append(operation) }
            }
            return mine
        }
    }

    /// The operation `id` if it exists and affects `member`; nil otherwise, so that a member
    /// cannot tell an operation that does not concern them from one that does not exist.
    func operation(_ id: String, affecting member: MemberID) async throws -> OperationRecord? {
        try await store.read { reader -> OperationRecord? in
            guard let operation = try await reader.operation(id),
                  try await OperationAudience.members(of: operation, reader: reader).contains(member)
            else { return nil }
            return operation
        }
    }
}
