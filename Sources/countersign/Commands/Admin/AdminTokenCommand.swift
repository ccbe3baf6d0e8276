import ArgumentParser
import Countersign
import CountersignJSON
import Foundation

/// `countersign admin token`: a user token (docs/http-signatures.md, the Sigpair model) made offline with the
/// ADMIN_KEY, never touching the server. The member presents it once to POST /api/keys/enrol to
/// enrol that Ed25519 key (`countersign key enrol --token`).
struct AdminTokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Make a user token that lets a member enrol one Ed25519 key (offline).")

    @Option(help: "The member id (mem_…) the key will belong to.") var member: String
    @Option(name: .customLong("public-key"), help: "The Ed25519 public key as 64 hex digits.") var publicKey: String
    @Option(help: "How long the token can be used: 30m, 1h, 2d (at most 30d; default 1h).") var expires = "1h"
    @OptionGroup var connection: AdminConnection
    @Flag(help: "Print {\"token\",\"member\",\"expiresAt\"} as JSON.") var json = false

    func run() throws {
        guard (try? MemberID(member)) != nil else { throw ValidationError("--member must be a member id (mem_…)") }
        guard let key = Hex.decode(publicKey.lowercased()), key.count == 32 else {
            throw ValidationError("--public-key must be an Ed25519 public key: 64 hex digits")
        }
        let lifetime = try Self.lifetime(expires)
        let now = Date()
        let expiresAt = now.addingTimeInterval(lifetime)
        let token = try UserToken(userID: member, issuedAt: now, expiresAt: expiresAt, publicKey: key)
            .signed(adminKey: try connection.adminKey())
        if json {
            CommandIO.printLine(JCS.canonicalize(.object([
                "token": .string(token), "member": .string(member), "expiresAt": .string(Timestamp.format(expiresAt)),
            ])))
        } else {
            CommandIO.printLine(token)
        }
    }

    /// "90s", "30m", "1h" or "2d", from one minute to 30 days.
    static func lifetime(_ text: String) throws -> TimeInterval {
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        guard let unit = text.last.flatMap({ units[$0] }), let count = Int(text.dropLast()), count > 0 else {
            throw ValidationError("--expires must be a number and a unit: 90s, 30m, 1h, 2d")
        }
        let seconds = TimeInterval(count) * unit
        guard (60...30 * 86400).contains(seconds) else { throw ValidationError("--expires must be between 1m and 30d") }
        return seconds
    }
}
