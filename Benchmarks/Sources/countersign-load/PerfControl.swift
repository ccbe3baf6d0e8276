import Foundation

/// Switches a `perf stat --control fifo:CTL,ACK -D -1` attached to the server on for exactly the
/// timed phase, so event counts (scripts/bench-load `LOAD_COUNT_HOPS`: Swift concurrency's task
/// creations, jobs run and continuations resumed) are the approvals' alone, not the preparation's.
struct PerfControl {
    private let control: FileHandle
    private let acknowledgements: FileHandle

    /// `paths` is "CTL,ACK": the two FIFOs given to perf's `--control fifo:CTL,ACK`.
    init(paths: String) throws {
        let parts = paths.split(separator: ",").map(String.init)
        guard parts.count == 2, let control = FileHandle(forWritingAtPath: parts[0]),
            let acknowledgements = FileHandle(forReadingAtPath: parts[1])
        else { throw LoadError.usage("--perf-control needs two FIFOs perf reads and writes, CTL,ACK; got \(paths)") }
        self.control = control
        self.acknowledgements = acknowledgements
    }

    func enable() throws { try send("enable") }
    func disable() throws { try send("disable") }

    /// Sends a command and waits for perf's "ack", so counting has started (or stopped) when this
    /// returns.
    private func send(_ command: String) throws {
        try control.write(contentsOf: Data("\(command)\n".utf8))
        // One read(2) at a time: FileHandle's read(upToCount:) waits for the whole count, and perf
        // writes just "ack\n".
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16)
        while !answer.contains(UInt8(ascii: "\n")) {
            let count = read(acknowledgements.fileDescriptor, &buffer, buffer.count)
            guard count > 0 else { throw LoadError.preparation("perf closed its acknowledgement FIFO") }
            answer += buffer[..<count]
        }
    }
}
