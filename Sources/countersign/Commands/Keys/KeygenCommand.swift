import ArgumentParser
import CountersignJOSE
import CountersignJSON

/// `countersign keygen`: a new signing key as a private JWK file.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Generate a signing key: writes the private JWK (mode 0600), prints the public JWK and its kid."
    )

    @Option(help: "Algorithm: Ed25519, ES256, ES384, ES512, ML-DSA-65 or ML-DSA-87.")
    var alg: String = "Ed25519"

    @Option(help: "File for the private JWK; must not exist yet.")
    var out: String

    @Flag(help: "Print {\"kid\",\"jwk\"} as JSON.")
    var json = false

    func run() throws {
        guard let algorithm = JWSAlgorithm(rawValue: alg), algorithm != .hs256 else {
            throw ValidationError("unsupported algorithm \(alg); choose Ed25519, ES256, ES384, ES512, ML-DSA-65 or ML-DSA-87")
        }
        let key: JWK
        do { key = try JWK.generate(for: algorithm) } catch { throw ValidationError(error.description) }
        try CommandIO.writeSecret(JCS.canonicalize(.object(key.jsonObject(includePrivate: true))) + [0x0A], to: out)
        let publicJWK = JSONValue.object(key.publicKey.jsonObject())
        if json {
            var output: JSONObject = ["kid": .string(key.kid), "jwk": publicJWK]
            // What `countersign admin token --public-key` takes for an Ed25519 key.
            if algorithm == .ed25519, let x = key.publicKey.jsonObject()["x"]?.stringValue, let raw = try? Base64URL.decode(x) {
                output["publicKeyHex"] = .string(Hex.encode(raw))
            }
            CommandIO.printLine(JCS.canonicalize(.object(output)))
        } else {
            CommandIO.printLine(JCS.canonicalize(publicJWK))
            CommandIO.printLine("kid: \(key.kid)")
        }
    }
}
