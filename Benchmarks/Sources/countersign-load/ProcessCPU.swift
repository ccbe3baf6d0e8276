import Foundation

/// CPU time a process has used (user + system), read from /proc, so a run can report what one
/// approval costs in CPU: the figure that does not depend on how busy the shared machine was.
enum ProcessCPU {
    /// Seconds of CPU used so far by `pid` (all its threads), or nil when /proc cannot say.
    static func seconds(pid: Int) -> Double? {
        guard let fields = statFields(pid: pid), let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / ticksPerSecond
    }

    /// Seconds of CPU used so far by `pid` and its children: its own, its waited-for children's
    /// (cutime, cstime), and its live children's. For a PostgreSQL postmaster, that is the
    /// database's CPU: its backends, WAL writer and checkpointer.
    static func treeSeconds(pid: Int) -> Double? {
        guard let own = statFields(pid: pid), let user = Double(own[11]), let system = Double(own[12]),
            let childUser = Double(own[13]), let childSystem = Double(own[14])
        else { return nil }
        var ticks = user + system + childUser + childSystem
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let child = Int(entry), child != pid, let fields = statFields(pid: child), Int(fields[1]) == pid,
                let childOwnUser = Double(fields[11]), let childOwnSystem = Double(fields[12])
            else { continue }
            ticks += childOwnUser + childOwnSystem
        }
        return ticks / ticksPerSecond
    }

    private static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// The fields of /proc/PID/stat after the command name (which is in parentheses and may hold
    /// spaces): [0] state, [1] ppid, ..., [11] utime, [12] stime, [13] cutime, [14] cstime.
    private static func statFields(pid: Int) -> [Substring]? {
        guard pid > 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 14 ? fields : nil
    }
}
