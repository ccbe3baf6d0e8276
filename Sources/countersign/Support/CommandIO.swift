import ArgumentParser
import Foundation

/// File and terminal I/O shared by the commands.
enum CommandIO {
    /// Largest file a command reads: above every JOSE and JSON limit, so the parsers report sizes.
    static let maxInputBytes = 16 << 20

    /// Reads a file, or standard input for "-", of at most `maxInputBytes`.
    static func read(_ path: String) throws -> [UInt8] {
        try read(path, limit: maxInputBytes)
    }

    /// Reads a file, or standard input for "-", of at most `limit` bytes.
    static func read(_ path: String, limit: Int) throws -> [UInt8] {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            let url = URL(fileURLWithPath: path)
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            guard size <= limit else { throw UnreadableInput("\(path) is larger than \(limit) bytes") }
            do { data = try Data(contentsOf: url) } catch { throw UnreadableInput("cannot read \(path): \(error.localizedDescription)") }
        }
        guard data.count <= limit else { throw UnreadableInput("\(path) is larger than \(limit) bytes") }
        return Array(data)
    }

    /// Creates a new file (mode 0644 unless given, less the umask); refuses to replace an existing file.
    static func writeNew(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard descriptor >= 0 else {
            throw CommandFailure("cannot create \(path): \(String(cString: strerror(errno))) (existing files are never overwritten)")
        }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard result > 0 else { throw CommandFailure("cannot write \(path): \(String(cString: strerror(errno)))") }
            written += result
        }
    }

    /// Writes bytes to standard output as they are.
    static func writeStandardOutput(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Writes a line to standard output.
    static func printLine(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Writes bytes and a newline to standard output.
    static func printLine(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes + [0x0A]))
    }

    /// Writes a line (or, with `terminator: ""`, a prompt) to standard error.
    static func printError(_ text: String, terminator: String = "\n") {
        FileHandle.standardError.write(Data((text + terminator).utf8))
    }
}

/// Input that cannot be read or parsed: the commands exit with status 2 for it.
struct UnreadableInput: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension UnreadableInput {
    /// Runs `body`, turning unreadable input into a message on standard error and exit status 2.
    static func exitingOnFailure<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as UnreadableInput {
            CommandIO.printError("error: \(error.description)")
            throw ExitCode(2)
        }
    }
}
