import ArgumentParser
import CountersignJOSE
import CountersignJSON

/// `countersign jws verify`: per-signature outcomes and a policy verdict.
struct JWSVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a JWS (General, flattened or compact) against a JWK set.",
        discussion: """
            Prints one line per signature, then the policy result.
            Exit status: 0 policy satisfied, 1 not satisfied, 2 unreadable input.
            """
    )

    @Argument(help: "JWS file (General or flattened JSON, or compact), or - for standard input.")
    var envelope: String

    @Option(help: "Key set file: {\"keys\":[…]} or a single public JWK.")
    var jwks: String

    @Option(help: "all | any | quorum:N | required:KID,KID (keys counted by thumbprint).")
    var policy: String = "all"

    @Option(help: "Payload file for a JWS with detached content (RFC 7515 Appendix F).")
    var payload: String?

    @Option(help: "HMAC secret in hex; the only way HS256 signatures are ever accepted.")
    var secret: String?

    @Option(name: .customLong("allow-alg"), help: "Restrict the algorithm allow-list (repeatable). Default: every asymmetric algorithm.")
    var allowedAlgorithms: [String] = []

    @Flag(help: "Print the outcomes as one JSON object.")
    var json = false

    func run() throws {
        guard let verificationPolicy = JWSVerificationPolicy(policy) else {
            throw ValidationError("unknown policy \(policy); use all, any, quorum:N or required:KID,KID")
        }
        var allowed = JWSAlgorithm.asymmetric
        if !allowedAlgorithms.isEmpty {
            allowed = []
            for name in allowedAlgorithms {
                guard let algorithm = JWSAlgorithm(rawValue: name) else { throw ValidationError("unknown algorithm \(name)") }
                allowed.insert(algorithm)
            }
        }
        var hmacSecret: [UInt8]?
        if let secret {
            guard let bytes = Hex.decode(secret), !bytes.isEmpty else { throw ValidationError("--secret must be hex") }
            hmacSecret = bytes
            allowed.insert(.hs256)
        }
        let (jws, keySet) = try UnreadableInput.exitingOnFailure { () throws -> (JWS, JWKSet) in
            let jws: JWS
            let detached = try payload.map(CommandIO.read)
            do { jws = try JWS(parsing: try CommandIO.read(envelope), detachedPayload: detached) } catch let error as JWSError {
                throw UnreadableInput("\(envelope): \(error)")
            }
            do { return (jws, try JWKSet(json: try CommandIO.read(jwks))) } catch let error as JWKError {
                throw UnreadableInput("\(jwks): \(error)")
            }
        }
        let verifier = JWSVerifier(keys: keySet, allowedAlgorithms: allowed, hmacSecret: hmacSecret)
        let report = verifier.verify(jws, policy: verificationPolicy)
        if json {
            CommandIO.printLine(JCS.canonicalize(.object(report.jsonObject)))
        } else {
            for outcome in report.outcomes {
                let label = "signature \(outcome.index) kid=\(outcome.kid ?? "-") alg=\(outcome.algorithm ?? "-")"
                if let failure = outcome.failure {
                    CommandIO.printLine("\(label): FAILED \(failure.code): \(failure.description)")
                } else {
                    CommandIO.printLine("\(label): verified (key \(outcome.keyThumbprint ?? "-"))")
                }
            }
            let verdict = report.satisfied ? "satisfied" : "NOT satisfied"
            CommandIO.printLine("policy \(verificationPolicy): \(verdict): \(report.explanation)")
        }
        if !report.satisfied { throw ExitCode(1) }
    }
}
