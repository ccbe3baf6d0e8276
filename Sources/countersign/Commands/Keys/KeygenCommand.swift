import ArgumentParser
import CountersignJOSE
import CountersignJSON

/// `countersign keygen`: a new signing key as a private JWK file.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Generate a signing key: writes the private JWK (mode 0600), prints the public JWK and its kid.",
        discussion: "With --out - the private JWK is written to standard output and nothing else is; the public JWK and kid then go to standard error."
    )

    @Option(help: "Algorithm: Ed25519, ES256, ES384, ES512, ML-DSA-65 or ML-DSA-87.")
    var alg: String = "Ed25519"

    @Option(help: "File for the private JWK; must not exist yet. - writes it to standard output (and the public JWK to standard error).")
    var out: String

    @Flag(help: "Print {\"kid\",\"jwk\"} as JSON.")
    var json = false

    func run() throws {
        guard let algorithm = JWSAlgorithm(rawValue: alg), algorithm != .hs256 else {
            throw ValidationError("unsupported algorithm \(alg); choose Ed25519, ES256, ES384, ES512, ML-DSA-65 or ML-DSA-87")
        }
        let key: JWK
        do { key = try JWK.generate(for: algorithm) } catch { throw ValidationError(error.description) }
        let destination = OutputDestination(out)
        try destination.write(JCS.canonicalize(.object(key.jsonObject(includePrivate: true))) + [0x0A], mode: 0o600)
        let publicJWK = JSONValue.object(key.publicKey.jsonObject())
        if json {
            var output: JSONObject = ["kid": .string(key.kid), "jwk": publicJWK]
            // What `countersign admin token --public-key` takes for an Ed25519 key.
            if algorithm == .ed25519, let x = key.publicKey.jsonObject()["x"]?.stringValue, let raw = try? Base64URL.decode(x) {
                output["publicKeyHex"] = .string(Hex.encode(raw))
            }
            destination.note(String(decoding: JCS.canonicalize(.object(output)), as: UTF8.self))
        } else {
            destination.note(String(decoding: JCS.canonicalize(publicJWK), as: UTF8.self))
            destination.note("kid: \(key.kid)")
        }
    }
}
