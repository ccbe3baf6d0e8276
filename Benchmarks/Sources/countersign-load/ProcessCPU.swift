import Foundation

/// CPU time a process has used (user + system), read from /proc, so a run can report what one
/// approval costs in CPU: the figure that does not depend on how busy the shared machine was.
enum ProcessCPU {
    /// Seconds of CPU used so far by `pid` (all its threads), or nil when /proc cannot say.
    static func seconds(pid: Int) -> Double? {
        guard pid > 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        // Fields after the command name, which is in parentheses and may hold spaces.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (user + system) / ticks
    }
}
