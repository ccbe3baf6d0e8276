import CountersignJSON
import Foundation

/// Where a statement stands: its state, the top-level approval weight against the threshold,
/// and when a final state was reached. The one status type: the store keeps it with each
/// statement, the API shows it, and an evidence bundle claims it (as `EvidenceStatus`,
/// {"state","weight","threshold","decidedAt"}), checked against a re-evaluation.
public struct StatementStatus: Sendable, Hashable {
    /// The statement's state.
    public var state: StatementState
    /// The top-level approval weight.
    public var weight: Int
    /// The top-level threshold.
    public var threshold: Int
    /// When a final state was reached, if one was.
    public var decidedAt: Date?

    /// A status from its parts.
    public init(state: StatementState, weight: Int, threshold: Int, decidedAt: Date?) {
        self.state = state
        self.weight = weight
        self.threshold = threshold
        self.decidedAt = decidedAt
    }

    /// The status an evaluation reports.
    public init(_ evaluation: PolicyEvaluation) {
        self.init(
            state: evaluation.state, weight: evaluation.approvalWeight, threshold: evaluation.threshold,
            decidedAt: evaluation.decidedAt)
    }

    /// The status as JSON.
    public var jsonValue: JSONValue {
        .object([
            "state": .string(state.rawValue), "weight": .number(Double(weight)), "threshold": .number(Double(threshold)),
            "decidedAt": decidedAt.map { .string(Timestamp.format($0)) } ?? .null,
        ])
    }
}

/// The decision an evidence bundle claims: a `StatementStatus`.
public typealias EvidenceStatus = StatementStatus
