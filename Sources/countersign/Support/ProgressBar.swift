import Foundation

/// A one-line progress bar on standard error, drawn only when standard error is a terminal and
/// the work is long enough to wait for; otherwise every call does nothing.
struct ProgressBar {
    private let enabled: Bool
    private let label: String
    private var lastDrawn = -1

    /// A bar for `total` units (an estimate is fine); shown when `total` exceeds `threshold`.
    init(label: String, total: Int64, threshold: Int64 = 1000) {
        self.label = label
        enabled = total > threshold && isatty(STDERR_FILENO) == 1
    }

    /// Redraws the bar at `done` of `total` (at most once per percent).
    mutating func update(done: Int64, total: Int64) {
        guard enabled, total > 0 else { return }
        let percent = Int(min(100, done * 100 / total))
        guard percent != lastDrawn else { return }
        lastDrawn = percent
        let width = 30
        let filled = width * percent / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        CommandIO.printError("\r\(label) [\(bar)] \(percent)% (\(done) events)", terminator: "")
    }

    /// Ends the bar's line.
    func finish() {
        if enabled && lastDrawn >= 0 { CommandIO.printError("") }
    }
}
