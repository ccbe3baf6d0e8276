/// The approval domain: statements, policies, votes, key attestations, evidence and the audit
/// chain (DESIGN.md sections 4 and 5). Pure: no I/O, no clock, no randomness of its own.
public enum Countersign {
    /// The statement document format this module reads and writes (DESIGN.md 4.2).
    public static let statementFormat = "statement/v1"
}
