import Foundation

/// The figures of one run, as text or as one JSON object (what scripts/bench-load tabulates).
struct LoadReport {
    let options: LoadOptions
    let result: RunResult
    /// CPU seconds the server and the generator used during the timed phase.
    let cpu: CPUUse
    /// The server's VmHWM in MiB after the run, when its pid was given and readable.
    let peakMB: Double?
    let preparationSeconds: Double

    var seconds: Double {
        Double(result.elapsed.components.seconds) + Double(result.elapsed.components.attoseconds) / 1e18
    }
    var accepted: Int { result.statuses[201] ?? 0 }
    var errors: Int { result.latencies.count - accepted }
    /// Milliseconds of CPU per accepted approval, or nil when not measured.
    func cpuMilliseconds(_ seconds: Double?) -> Double? {
        guard let seconds, accepted > 0 else { return nil }
        return seconds * 1000 / Double(accepted)
    }

    /// Nearest-rank percentile of the latencies, in milliseconds.
    func percentile(_ p: Double, of sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1] / 1000
    }

    /// VmHWM (peak resident set) of `pid` from /proc, in MiB.
    static func peakMemory(pid: Int) -> Double? {
        guard pid > 0, let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kilobytes = Double(fields[1]) { return kilobytes / 1024 }
        }
        return nil
    }

    func text() -> String {
        let sorted = result.latencies.sorted()
        let p = [50.0, 90, 99, 99.9].map { String(format: "%.2f", percentile($0, of: sorted)) }
        let statuses = result.statuses.sorted { $0.key < $1.key }.map { "\($0.key == 0 ? "no answer" : String($0.key)): \($0.value)" }
        let mode = options.rate.map { String(format: "open loop at %.0f approvals/s offered", $0) } ?? "closed loop"
        var lines = [
            "\(mode), \(options.minimal ? "vote receipts (Prefer: return=minimal)" : "statement views"):",
            "clients \(options.clients), \(result.latencies.count) requests in \(String(format: "%.2f", seconds)) s (preparation \(String(format: "%.1f", preparationSeconds)) s, not timed)",
            "approvals/s \(String(format: "%.0f", Double(accepted) / seconds)); latency ms p50 \(p[0]) p90 \(p[1]) p99 \(p[2]) p99.9 \(p[3])",
            "statuses: \(statuses.joined(separator: ", "))",
            "server peak memory (VmHWM): \(peakMB.map { String(format: "%.1f MiB", $0) } ?? "not measured")",
            "CPU per approval: server \(cpuMilliseconds(cpu.server).map { String(format: "%.2f ms", $0) } ?? "not measured"), "
                + "generator \(cpuMilliseconds(cpu.generator).map { String(format: "%.2f ms", $0) } ?? "not measured")",
        ]
        for (status, sample) in result.samples.sorted(by: { $0.key < $1.key }) { lines.append("first \(status) answer: \(sample)") }
        return lines.joined(separator: "\n")
    }

    func json() -> String {
        let sorted = result.latencies.sorted()
        var object: [String: Any] = [
            "clients": options.clients, "requests": result.latencies.count, "accepted": accepted, "errors": errors,
            "seconds": seconds, "approvalsPerSecond": Double(accepted) / seconds,
            "p50": percentile(50, of: sorted), "p90": percentile(90, of: sorted), "p99": percentile(99, of: sorted),
            "p999": percentile(99.9, of: sorted), "preparationSeconds": preparationSeconds,
            "statuses": Dictionary(uniqueKeysWithValues: result.statuses.map { ($0.key == 0 ? "none" : String($0.key), $0.value) }),
            "samples": Dictionary(uniqueKeysWithValues: result.samples.map { (String($0.key), $0.value) }),
        ]
        if let peakMB { object["peakMB"] = peakMB }
        if let rate = options.rate { object["offeredRate"] = rate }
        object["minimal"] = options.minimal
        if let server = cpuMilliseconds(cpu.server) { object["serverCPUms"] = server }
        if let generator = cpuMilliseconds(cpu.generator) { object["generatorCPUms"] = generator }
        if let database = cpuMilliseconds(cpu.database) { object["databaseCPUms"] = database }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// CPU seconds used during the timed phase, each nil when /proc could not say.
struct CPUUse {
    let server: Double?
    let generator: Double?
    /// The database server's processes (`--database-pid` and its children); nil without it.
    var database: Double? = nil
}
