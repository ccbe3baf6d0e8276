import ArgumentParser

/// The `countersign` command line: the server, administration, member commands, keys, JOSE
/// signatures, canonical JSON and offline verification (docs/cli.md).
@main
struct CountersignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "countersign",
        abstract: "Multi-party approval with passkeys: keys, signatures and verification.",
        version: CountersignVersion.line,
        subcommands: [ServeCommand.self, AdminCommand.self, KeygenCommand.self, JWSCommand.self, JCSCommand.self, PolicyCommand.self, WebAuthnCommand.self, VerifyCommand.self,
                      StatementCommand.self, SignCommand.self, RejectCommand.self, WithdrawCommand.self, CommentCommand.self, CommentsCommand.self, TemplatesCommand.self, EvidenceCommand.self,
                      AuditCommand.self, KeyCommand.self, OperationsCommand.self, LogCommand.self]
    )

    /// Parses the command line and runs the command, replacing ArgumentParser's `main` for one
    /// reason: which errors get the usage block.
    ///
    /// An error found while parsing (an unknown option, a missing value, a `validate()` refusal)
    /// is about how the command was typed, so ArgumentParser prints it with the usage, as before;
    /// `--help` and `--version` are handled there too. An error thrown once the command runs (a
    /// server's refusal, an unreachable server, a file that cannot be written) is one line on
    /// standard error (`ErrorLine`) and nothing else: the usage of a command typed correctly
    /// would only bury the reason. Its exit status is 1, or 64 (EX_USAGE) for a `ValidationError`
    /// that a command could only detect while running; an `ExitCode` a command chose passes
    /// through silently.
    static func main() async {
        var command: any ParsableCommand
        do {
            command = try await asyncParseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error where error is ExitCode || error is CleanExit {
            exit(withError: error)
        } catch {
            CommandIO.printError(ErrorLine.text(for: error, command: nil))
            exit(withError: error is ValidationError ? ExitCode.validationFailure : ExitCode.failure)
        }
    }
}
