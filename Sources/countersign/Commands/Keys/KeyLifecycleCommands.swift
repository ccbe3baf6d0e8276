import ArgumentParser
import Countersign
import CountersignClient
import CountersignJSON

/// `countersign key list`: the signing member's keys with their validity periods.
struct KeyListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List your signing keys, newest first, with their validity periods.")

    @OptionGroup var connection: MemberConnection
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await CommandFailure.reporting("key list") {
            let keys = try await connection.client().keys()
            if json { return CommandIO.printLine(JCS.canonicalize(.array(keys.map(Self.json)))) }
            if keys.isEmpty { return CommandIO.printLine("No keys.") }
            for key in keys {
                let until = key.revokedAt.map { "revoked \(Timestamp.format($0))" } ?? "valid"
                CommandIO.printLine("\(key.kid)  \(key.method)  from \(Timestamp.format(key.validFrom))  \(until)")
            }
        }
    }

    static func json(_ key: KeyRecordView) -> JSONValue {
        .object([
            "kid": .string(key.kid), "member": .string(key.member), "method": .string(key.method),
            "validFrom": .string(Timestamp.format(key.validFrom)),
            "revokedAt": key.revokedAt.map { .string(Timestamp.format($0)) } ?? .null,
        ])
    }
}

/// `countersign key revoke KID`: a key enrolled by the admin revokes itself, at once, with a
/// request it signs. Keys attested by a passkey are revoked from the web app.
struct KeyRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke your signing key (enrolled with a user token) at once; the request is signed by it.")

    @Argument(help: "The kid of the key to revoke: the key given with --key or COUNTERSIGN_KEY.") var kid: String
    @OptionGroup var connection: MemberConnection
    @Flag(help: "Print the revoked key as JSON.") var json = false

    func run() async throws {
        try await CommandFailure.reporting("key revoke") {
            let key = try await connection.client().revokeOwnKey(kid)
            if json { return CommandIO.printLine(JCS.canonicalize(KeyListCommand.json(key))) }
            CommandIO.printLine("revoked key \(key.kid) at \(key.revokedAt.map(Timestamp.format) ?? "?")")
        }
    }
}
