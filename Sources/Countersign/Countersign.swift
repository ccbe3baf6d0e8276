/// The approval domain: statements, policies, votes, key attestations, evidence and the audit
/// chain (docs/formats.md, docs/policies.md). Pure: no I/O, no clock, no randomness of its own.
public enum Countersign {
    /// The statement document format this module reads and writes (docs/policies.md).
    public static let statementFormat = "statement/v1"
}
