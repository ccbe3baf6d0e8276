import ArgumentParser

/// `countersign jws`: make and check JSON Web Signatures.
struct JWSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jws",
        abstract: "Sign payloads as General JWS envelopes and verify JWS in any serialization.",
        subcommands: [JWSSignCommand.self, JWSVerifyCommand.self]
    )
}
