import ArgumentParser
import Countersign
import CountersignJOSE
import Foundation

/// `countersign verify`: checks an evidence bundle offline (docs/formats.md).
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify an evidence bundle offline: signatures, key attestations, the policy and the receipt.",
        discussion: """
            Prints one outcome per signature (verified or the reason), per key attestation, the policy result with \
            its explanation and the receipt. The receipt counts only when it is signed by a server key you pinned \
            (--server-key or --trust): a key inside the bundle proves nothing, anyone can sign with a key they put \
            there. A key enrolled with an admin token cannot be checked offline without the ADMIN_KEY \
            (--admin-key-file): it rests on the server's word, which fails the result unless \
            --accept-server-attested-keys says you accept that. Exit status: 0 everything verifies and the \
            statement is approved, 1 otherwise, 2 unreadable input.
            """
    )

    @Argument(help: "Evidence bundle JSON file (GET /api/statements/{id}/evidence), or - for standard input.")
    var bundle: String

    @Option(
        name: .customLong("server-key"),
        help: "The server's public JWK file (GET /.well-known/countersign-server-key.json, fetched once and kept): the receipt must be signed by it.")
    var serverKey: String?

    @Option(name: .customLong("trust"), help: "A trust file naming the server keys you trust (docs/formats.md, \"Trust file\").")
    var trustFile: String?

    @Option(name: .customLong("admin-key-file"), help: "File holding the ADMIN_KEY (64 hex digits), to check admin-enrolled keys.")
    var adminKeyFile: String?

    @Flag(
        name: .customLong("accept-server-attested-keys"),
        help: "Accept keys whose enrolment rests on the server's word (admin-token enrolment, without --admin-key-file).")
    var acceptServerAttestedKeys = false

    @Flag(help: "Print the report as one JSON object.")
    var json = false

    func run() throws {
        let (parsed, trusted, adminKey) = try UnreadableInput.exitingOnFailure { () throws -> (EvidenceBundle, [JWK], [UInt8]?) in
            let parsed: EvidenceBundle
            do { parsed = try EvidenceBundle(json: try CommandIO.read(bundle)) } catch let error as EvidenceBundleError {
                throw UnreadableInput("\(bundle): \(error) [\(error.code)]")
            }
            var trusted: [JWK] = try serverKey.map { path in
                do { return [try JWK(json: try CommandIO.read(path)).publicKey] } catch let error as JWKError {
                    throw UnreadableInput("\(path): \(error)")
                }
            } ?? []
            if let trustFile {
                do { trusted += try TrustFile(json: Array(try CommandIO.read(trustFile)), source: trustFile).serverKeys } catch let error as TrustFileError {
                    throw UnreadableInput(error.description)
                }
            }
            return (parsed, trusted, try adminKeyFile.map(Self.readAdminKey))
        }
        let report = parsed.verify(trustedServerKeys: trusted, adminKey: adminKey, acceptServerAttestedKeys: acceptServerAttestedKeys)
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
