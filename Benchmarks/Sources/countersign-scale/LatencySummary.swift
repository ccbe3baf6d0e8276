/// Percentiles of a set of request latencies, and the rate they were served at.
struct LatencySummary: Sendable {
    let count: Int
    let p50: Double
    let p90: Double
    let p99: Double
    let max: Double
    /// Requests per second over the wall-clock time of the whole set.
    let throughput: Double

    /// `milliseconds`: one latency per request; `wallSeconds`: how long the set took.
    init(milliseconds: [Double], wallSeconds: Double) {
        let sorted = milliseconds.sorted()
        func percentile(_ fraction: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            // Nearest rank: the smallest value with at least `fraction` of the values at or below it.
            let rank = Int((fraction * Double(sorted.count)).rounded(.up))
            return sorted[Swift.max(0, Swift.min(sorted.count - 1, rank - 1))]
        }
        count = sorted.count
        p50 = percentile(0.50)
        p90 = percentile(0.90)
        p99 = percentile(0.99)
        max = sorted.last ?? 0
        throughput = wallSeconds > 0 ? Double(sorted.count) / wallSeconds : 0
    }
}
