import Foundation

/// The generator's command line: `countersign-load --server URL --admin-key-file FILE [options]`.
///
/// Hand-parsed (a dozen flags) so the Benchmarks package needs no argument parser.
struct LoadOptions: Sendable {
    var server = "http://127.0.0.1:8080"
    var adminKeyFile = ""
    /// The server's process id, for its peak memory (VmHWM); 0: not reported.
    var serverPID = 0
    /// The database server's main process (a PostgreSQL postmaster), whose CPU and its
    /// children's during the timed phase is reported per approval; 0: none.
    var databasePID = 0
    var clients = 64
    /// The timed phase ends after this many seconds or when every pre-signed approval was sent.
    var duration = 10.0
    /// How many approvals are prepared and pre-signed (the most the timed phase can send).
    var approvals = 20_000
    /// Approvals each statement receives; its policy's threshold, so the last one decides it.
    var perStatement = 4
    /// Members who vote (one more member creates the statements).
    var voters = 100
    /// Print one JSON object with the figures instead of the text report.
    var json = false
    /// Open loop: approvals offered per second, whatever the answers' pace; nil: closed loop.
    var rate: Double?
    /// Ask for the signed vote receipt (`Prefer: return=minimal`) instead of the statement view.
    var minimal = false
    /// "CTL,ACK": FIFOs of a `perf stat --control` to enable for the timed phase only.
    var perfControl: String?
    /// Measure only the raw cost of one Ed25519 verification and print it (no server needed).
    var ed25519Baseline = false

    static let usage = """
        usage: countersign-load --server URL --admin-key-file FILE [--server-pid PID] [--database-pid PID] [--clients N]
               [--duration SECONDS] [--approvals N] [--per-statement K] [--voters M] [--rate PER_SECOND]
               [--minimal] [--json] [--perf-control CTL_FIFO,ACK_FIFO]
               countersign-load --ed25519-baseline
        """

    init(arguments: [String]) throws(LoadError) {
        var rest = arguments[...]
        func value(_ flag: String) throws(LoadError) -> String {
            guard let next = rest.popFirst() else { throw .usage("\(flag) needs a value") }
            return next
        }
        func number(_ flag: String, min: Int) throws(LoadError) -> Int {
            let text = try value(flag)
            guard let number = Int(text), number >= min else { throw .usage("\(flag) must be an integer >= \(min), not \(text)") }
            return number
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--server": server = try value(flag)
            case "--admin-key-file": adminKeyFile = try value(flag)
            case "--server-pid": serverPID = try number(flag, min: 0)
            case "--database-pid": databasePID = try number(flag, min: 0)
            case "--clients": clients = try number(flag, min: 1)
            case "--duration":
                let text = try value(flag)
                guard let seconds = Double(text), seconds > 0 else { throw .usage("--duration must be a positive number of seconds") }
                duration = seconds
            case "--approvals": approvals = try number(flag, min: 1)
            case "--per-statement": perStatement = try number(flag, min: 1)
            case "--voters": voters = try number(flag, min: 1)
            case "--json": json = true
            case "--minimal": minimal = true
            case "--ed25519-baseline": ed25519Baseline = true
            case "--perf-control": perfControl = try value(flag)
            case "--rate":
                let text = try value(flag)
                guard let perSecond = Double(text), perSecond > 0 else { throw .usage("--rate must be a positive number of approvals per second") }
                rate = perSecond
            default: throw .usage("unknown argument \(flag)")
            }
        }
        if ed25519Baseline { return }
        guard !adminKeyFile.isEmpty else { throw .usage("--admin-key-file is required") }
        guard perStatement <= voters else { throw .usage("--per-statement must not exceed --voters (each approval of a statement is another member's)") }
    }
}

/// Why a load run stopped before measuring.
enum LoadError: Error, CustomStringConvertible {
    case usage(String)
    case preparation(String)

    var description: String {
        switch self {
        case .usage(let message): "\(message)\n\(LoadOptions.usage)"
        case .preparation(let message): "preparation failed: \(message)"
        }
    }
}
