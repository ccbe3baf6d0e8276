/// Bounds of the policy language. A policy is small and read by people: anything near these
/// limits is a mistake or an attack on the evaluator.
public enum PolicyLimits {
    /// Largest weight of an entry.
    public static let maximumWeight = 65_535
    /// Largest threshold and rejection threshold: 2^32 − 1.
    public static let maximumThreshold = 4_294_967_295
    /// Deepest level: the top-level policy is level 1, a policy nested in it level 2.
    public static let maximumDepth = 4
    /// Most entries in the whole policy, nested levels included.
    public static let maximumEntries = 1_000
    /// Largest policy, in canonical (JCS) bytes.
    public static let maximumBytes = 64 << 10
}
