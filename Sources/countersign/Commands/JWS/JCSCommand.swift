import ArgumentParser
import CountersignJSON
import Foundation

/// `countersign jcs`: RFC 8785 canonical bytes of a JSON file.
struct JCSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jcs",
        abstract: "Print the RFC 8785 canonical form of a JSON file (I-JSON checked). Exit 2 for invalid input."
    )

    @Argument(help: "JSON file, or - for standard input.")
    var file: String

    func run() throws {
        let canonical = try UnreadableInput.exitingOnFailure {
            let bytes = try CommandIO.read(file)
            do { return try JCS.canonicalize(json: bytes) } catch { throw UnreadableInput("\(file): \(error)") }
        }
        FileHandle.standardOutput.write(Data(canonical))
    }
}
