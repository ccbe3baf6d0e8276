import ArgumentParser

/// The `countersign` command line: keys, JOSE signatures and canonical JSON today; the server,
/// administration and offline verification of evidence join as their modules land.
@main
struct CountersignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "countersign",
        abstract: "Multi-party approval with passkeys: keys, signatures and verification.",
        subcommands: [ServeCommand.self, AdminCommand.self, KeygenCommand.self, JWSCommand.self, JCSCommand.self, PolicyCommand.self, WebAuthnCommand.self, VerifyCommand.self,
                      StatementCommand.self, SignCommand.self, RejectCommand.self, WithdrawCommand.self, CommentCommand.self, CommentsCommand.self, EvidenceCommand.self,
                      AuditCommand.self, KeyCommand.self, OperationsCommand.self, LogCommand.self]
    )
}
