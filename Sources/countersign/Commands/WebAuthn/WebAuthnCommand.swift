import ArgumentParser

/// `countersign webauthn`: look inside passkey ceremonies.
struct WebAuthnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webauthn",
        abstract: "Decode and verify WebAuthn registration and authentication responses.",
        subcommands: [WebAuthnInspectCommand.self]
    )
}
