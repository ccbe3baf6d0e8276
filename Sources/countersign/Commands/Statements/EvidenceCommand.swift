import ArgumentParser
import CountersignClient

/// `countersign evidence`: download a statement's evidence bundle for offline verification.
struct EvidenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence", abstract: "Write a statement's evidence bundle to a file (check it with `countersign verify`).")

    @Argument(help: "The statement id (st_…).") var id: String
    @Option(help: "File to write; must not exist yet.") var out: String
    @OptionGroup var connection: MemberConnection

    func run() async throws {
        try await CommandFailure.reporting("evidence") {
            let bundle = try await connection.client().evidence(id)
            try CommandIO.writeNew(bundle, to: out)
            CommandIO.printLine(
                "wrote \(out) (\(bundle.count) bytes); check it with: countersign verify \(out) --server-key SERVER-KEY.json"
                    + " (the server's key, fetched once from \(connection.serverURL)/.well-known/countersign-server-key.json and kept)")
        }
    }
}
