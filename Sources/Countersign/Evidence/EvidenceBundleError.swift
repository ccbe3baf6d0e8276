/// Why an evidence bundle could not be read or built. A bundle that reads but does not verify is
/// not an error: `EvidenceBundle.verify` reports each failure.
public enum EvidenceBundleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not JSON, too large or too deep.
    case notJSON(String)
    /// Not the evidence/v1 shape: the path names the member.
    case malformed(path: String, reason: String)
    /// "countersign" is not "evidence/v1".
    case unsupportedFormat(String)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .notJSON: "evidence_not_json"
        case .malformed: "evidence_malformed"
        case .unsupportedFormat: "evidence_format"
        }
    }

    public var description: String {
        switch self {
        case .notJSON(let reason): "the evidence bundle is not readable JSON: \(reason)"
        case .malformed(let path, let reason): "evidence bundle \(path): \(reason)"
        case .unsupportedFormat(let format): "\"countersign\" is \(format); this version reads \"evidence/v1\" bundles"
        }
    }
}
