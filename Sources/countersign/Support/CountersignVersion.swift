/// The version of Countersign this binary is, the one place it is written down: `countersign
/// --version` prints `countersign <current>`. Raise it with each release.
enum CountersignVersion {
    static let current = "0.2.0"

    /// The line `countersign --version` prints.
    static var line: String { "countersign \(current)" }
}
