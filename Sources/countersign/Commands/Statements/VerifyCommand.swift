import ArgumentParser
import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignTLog
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
            --accept-server-attested-keys says you accept that. With --log-key (and the witnesses' keys, --witness, \
            --witness-threshold, or a trust file holding them), an evidence/v2 bundle's transparency-log proofs must \
            show the statement, every vote, each signer's key and the passkey registration behind it, and no \
            revocation before a vote; without --log-key the log is not checked and says so. Exit status: 0 everything verifies and the \
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

    @Option(name: .customLong("log-key"), help: "The transparency log's vkey (countersign log key): the bundle's log proofs must lead to it.")
    var logKey: String?

    @Option(name: .customLong("witness"), help: "A witness's cosignature/v1 vkey; repeatable.")
    var witnesses: [String] = []

    @Option(name: .customLong("witness-threshold"), help: "How many of the witnesses must have cosigned the checkpoint (default 1 with witnesses).")
    var witnessThreshold: Int?

    @Flag(help: "Print the report as one JSON object.")
    var json = false

    func run() throws {
        let (parsed, trusted, adminKey, logTrust) = try UnreadableInput.exitingOnFailure { () throws -> (EvidenceBundle, [JWK], [UInt8]?, LogTrust?) in
            let parsed: EvidenceBundle
            do { parsed = try EvidenceBundle(json: try CommandIO.read(bundle)) } catch let error as EvidenceBundleError {
                throw UnreadableInput("\(bundle): \(error) [\(error.code)]")
            }
            var trusted: [JWK] = try serverKey.map { path in
                do { return [try JWK(json: try CommandIO.read(path)).publicKey] } catch let error as JWKError {
                    throw UnreadableInput("\(path): \(error)")
                }
            } ?? []
            var logKeyText = logKey
            var witnessTexts = witnesses
            var threshold = witnessThreshold
            if let trustFile {
                do {
                    let file = try TrustFile(json: Array(try CommandIO.read(trustFile)), source: trustFile)
                    trusted += file.serverKeys
                    logKeyText = logKeyText ?? file.logKey
                    witnessTexts += file.witnesses
                    threshold = threshold ?? file.witnessThreshold
                } catch let error as TrustFileError {
                    throw UnreadableInput(error.description)
                }
            }
            return (parsed, trusted, try adminKeyFile.map(Self.readAdminKey), try Self.logTrust(logKeyText, witnessTexts, threshold))
        }
        let report = parsed.verify(
            trustedServerKeys: trusted, adminKey: adminKey, acceptServerAttestedKeys: acceptServerAttestedKeys, logTrust: logTrust)
        if json {
            CommandIO.printLine(JCS.canonicalize(VerifyReportText.json(report, bundle: parsed)))
        } else {
            for line in VerifyReportText.lines(report, bundle: parsed) { CommandIO.printLine(line) }
        }
        if !report.isApproved { throw ExitCode(1) }
    }

    /// The log and witness keys to check the bundle's log proofs with; nil when no log key is given.
    static func logTrust(_ logKey: String?, _ witnesses: [String], _ threshold: Int?) throws -> LogTrust? {
        guard let logKey else {
            guard witnesses.isEmpty, threshold == nil else { throw UnreadableInput("--witness and --witness-threshold need --log-key") }
            return nil
        }
        do {
            let log = try NoteVerifierKey(logKey)
            guard log.type == .ed25519 else { throw UnreadableInput("--log-key: a log key is an Ed25519 note vkey (type 0x01)") }
            let keys = try witnesses.map { text throws -> NoteVerifierKey in
                let key = try NoteVerifierKey(text)
                guard key.type == .cosignatureV1 else { throw UnreadableInput("--witness \(text): a witness key is a cosignature/v1 vkey (type 0x04)") }
                return key
            }
            if let threshold, !(0...keys.count).contains(threshold) {
                throw UnreadableInput("--witness-threshold must be 0...\(keys.count) (the number of witnesses)")
            }
            return LogTrust(logKey: log, witnesses: keys, threshold: threshold)
        } catch let error as NoteError {
            throw UnreadableInput("\(error)")
        }
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
