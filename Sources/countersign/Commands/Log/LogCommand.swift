import ArgumentParser
import CountersignJOSE
import CountersignServer
import Foundation

/// `countersign log`: the transparency log (docs/transparency.md).
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "The transparency log: its verifier key, a whole-log check, and a member's watch of their identity.",
        subcommands: [LogKeyCommand.self, LogMonitorCommand.self, LogVerifyCommand.self])
}

/// `countersign log key --data-dir DIR`: prints the log's vkey, creating the log key in the data
/// folder if it has none yet, so that a witness can be configured before the first start.
struct LogKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Print the log's verifier key (vkey) for witnesses and verifiers to pin.",
        discussion: """
            The vkey names the log's origin: give the same --log-origin (or --public-url / --origin) as to `serve`; by
            default the origin is the host and path of http://localhost:8080, as `serve` uses by default.
            """)

    @Option(name: .customLong("data-dir"), help: "The server's data folder (created with the key if missing).")
    var dataDir: String = "countersign-data"
    @Option(name: .customLong("log-origin"), help: "The log's origin, as given to serve.") var logOrigin: String?
    @Option(name: .customLong("public-url"), help: "The server's public URL, as given to serve.") var publicURL: String?
    @Option(name: .customLong("origin"), help: "The server's first web origin, as given to serve.") var origin: String?

    func run() async throws {
        umask(0o077)
        let logKey: JWK
        do {
            logKey = try ServerSecrets.loadOrCreateLogKey(in: URL(fileURLWithPath: dataDir))
        } catch {
            throw CommandFailure("\(error)")
        }
        var configuration = ServerConfiguration()
        configuration.logOrigin = logOrigin
        configuration.publicURL = publicURL
        if let origin { configuration.origins = [origin] }
        let vkey = try TransparencyLog.verifierKey(logKey: logKey, origin: configuration.effectiveLogOrigin)
        CommandIO.printLine(vkey.description)
    }
}
