/// The state of a statement (docs/policies.md). `approved`, `rejected`, `expired` and `cancelled` are
/// final: once reached, the statement is frozen.
public enum StatementState: String, Sendable, Hashable, CaseIterable {
    /// Not decided yet.
    case pending
    /// The threshold is met; approved once the policy's time lock has passed.
    case timelocked
    case approved
    case rejected
    /// Not final when it expired.
    case expired
    /// Cancelled by its creator or an admin. Set from outside: policy evaluation never returns it.
    case cancelled

    /// Whether the state can never change.
    public var isFinal: Bool {
        switch self {
        case .pending, .timelocked: false
        case .approved, .rejected, .expired, .cancelled: true
        }
    }
}
