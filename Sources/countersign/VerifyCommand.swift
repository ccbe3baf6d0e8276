import ArgumentParser
import Countersign
import CountersignJOSE
import Foundation

/// `countersign verify`: checks an evidence bundle offline (DESIGN.md 4.6).
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify an evidence bundle offline: signatures, key attestations, the policy and the receipt.",
        discussion: """
            Prints one outcome per signature (verified or the reason), per key attestation, the policy result with \
            its explanation and the receipt. Exit status: 0 everything verifies and the statement is approved, \
            1 otherwise, 2 unreadable input.
            """
    )

    @Argument(help: "Evidence bundle JSON file (GET /api/statements/{id}/evidence), or - for standard input.")
    var bundle: String

    @Option(name: .customLong("server-key"), help: "The server's public JWK file, when you trust one: the bundle's server key must be it.")
    var serverKey: String?

    @Option(name: .customLong("admin-key-file"), help: "File holding the ADMIN_KEY (64 hex digits), to check admin-enrolled keys.")
    var adminKeyFile: String?

    @Flag(help: "Print the report as one JSON object.")
    var json = false

    func run() throws {
        let (parsed, trusted, adminKey) = try UnreadableInput.exitingOnFailure { () throws -> (EvidenceBundle, JWK?, [UInt8]?) in
            let parsed: EvidenceBundle
            do { parsed = try EvidenceBundle(json: try CommandIO.read(bundle)) } catch let error as EvidenceBundleError {
                throw UnreadableInput("\(bundle): \(error) [\(error.code)]")
            }
            let trusted: JWK? = try serverKey.map { path in
                do { return try JWK(json: try CommandIO.read(path)).publicKey } catch let error as JWKError {
                    throw UnreadableInput("\(path): \(error)")
                }
            }
            return (parsed, trusted, try adminKeyFile.map(Self.readAdminKey))
        }
        let report = parsed.verify(trustedServerKey: trusted, adminKey: adminKey)
        if json {
            CommandIO.printLine(JCS.canonicalize(VerifyReportText.json(report, bundle: parsed)))
        } else {
            for line in VerifyReportText.lines(report, bundle: parsed) { CommandIO.printLine(line) }
        }
        if !report.isApproved { throw ExitCode(1) }
    }

    /// The ADMIN_KEY file: 64 hex digits (as the server writes it), surrounding whitespace ignored.
    static func readAdminKey(_ path: String) throws -> [UInt8] {
        let text = String(decoding: try CommandIO.read(path), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let key = Hex.decode(text), key.count == UserToken.adminKeyLength else {
            throw UnreadableInput("\(path): the ADMIN_KEY must be 64 hex digits (32 bytes)")
        }
        return key
    }
}
