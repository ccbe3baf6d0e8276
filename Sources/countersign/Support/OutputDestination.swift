import Foundation

/// Where a command's `--out` goes: a new file, or standard output for `-`.
///
/// The content is the same bytes either way. When it goes to standard output, standard output
/// carries nothing else (so `countersign evidence ID --out - > bundle.json` is the bundle), and
/// what the command would print beside a file (the public JWK of `keygen`, the "wrote …" lines)
/// goes to standard error instead. Writing a private JWK to standard output is the user's
/// explicit choice, made by typing `--out -`.
enum OutputDestination: Equatable {
    case standardOutput
    /// A file that must not exist yet (existing files are never overwritten).
    case file(String)

    init(_ argument: String) {
        self = argument == "-" ? .standardOutput : .file(argument)
    }

    /// Writes `bytes`; a new file gets `mode` (less the umask).
    func write(_ bytes: [UInt8], mode: mode_t = 0o644) throws {
        switch self {
        case .standardOutput: CommandIO.writeStandardOutput(bytes)
        case .file(let path): try CommandIO.writeNew(bytes, to: path, mode: mode)
        }
    }

    /// Prints a line about what was written: on standard output beside a file, on standard
    /// error when standard output carries the content itself.
    func note(_ line: String) {
        switch self {
        case .standardOutput: CommandIO.printError(line)
        case .file: CommandIO.printLine(line)
        }
    }
}
