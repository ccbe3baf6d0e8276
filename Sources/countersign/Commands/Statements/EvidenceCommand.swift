import ArgumentParser
import CountersignClient

/// `countersign evidence`: download a statement's evidence bundle for offline verification.
struct EvidenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Print a statement's evidence bundle, or write it to a file with --out (check it with `countersign verify`).")

    @Argument(help: "The statement id (st_…).") var id: String
    @Option(help: "File to write; must not exist yet. Without it, or with -, the bundle goes to standard output.") var out: String?
    @OptionGroup var connection: MemberConnection

    func run() async throws {
        try await CommandFailure.reporting("evidence") {
            let bundle = try await connection.client().evidence(id)
            let destination = OutputDestination(out ?? "-")
            try destination.write(bundle)
            if case .file(let path) = destination {
                CommandIO.printLine(
                    "wrote \(path) (\(bundle.count) bytes); check it with: countersign verify \(path) --server-key SERVER-KEY.json"
                        + " (the server's key, fetched once from \(connection.serverURL)/.well-known/countersign-server-key.json and kept)")
            }
        }
    }
}
