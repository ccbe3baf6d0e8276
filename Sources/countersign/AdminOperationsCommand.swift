import ArgumentParser
import Countersign
import CountersignClient
import CountersignJOSE

/// `countersign admin operations`: the delayed dangerous operations, their due times, and
/// withdrawing one.
struct AdminOperationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operations", abstract: "List, show and cancel scheduled dangerous operations.",
        subcommands: [List.self, Show.self, Cancel.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List operations, newest first.")
        @Option(help: "Only operations in this state: pending, cancelled, done or failed.") var state: String?
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin operations list") {
                let operations = try await connection.client().operations(state: state)
                if json { return CommandIO.printLine(JCS.canonicalize(.array(operations.map { .object($0.json) }))) }
                if operations.isEmpty { return CommandIO.printLine("No operations.") }
                for operation in operations { CommandIO.printLine(operation.summaryLine) }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one operation.")
        @Argument(help: "The operation id (op_…).") var id: String
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin operations show") {
                AdminOperationsCommand.show(try await connection.client().operation(id), json: json)
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw a pending operation.")
        @Argument(help: "The operation id (op_…).") var id: String
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin operations cancel") {
                AdminOperationsCommand.show(try await connection.client().cancelOperation(id), json: json)
            }
        }
    }

    /// Prints an operation as JSON or as its summary line.
    static func show(_ operation: ScheduledOperation, json: Bool) {
        if json { return CommandIO.printLine(JCS.canonicalize(.object(operation.json))) }
        CommandIO.printLine(operation.summaryLine)
    }
}

/// `countersign admin keys delete KID`: schedules the deletion (revocation) of a member's key.
struct AdminKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "Delete members' signing keys (delayed).", subcommands: [Delete.self])

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Schedule the deletion of a signing key: revoked when due, kept in evidence; the member can cancel.")
        @Argument(help: "The key's kid.") var kid: String
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin keys delete") {
                AdminOperationsCommand.show(try await connection.client().deleteKey(kid), json: json)
            }
        }
    }
}

/// `countersign admin passkeys delete ID`: schedules the deletion of a member's passkey.
struct AdminPasskeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "passkeys", abstract: "Delete members' passkeys (delayed).", subcommands: [Delete.self])

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Schedule the deletion of a passkey; the member can cancel.")
        @Argument(help: "The passkey's credential id (base64url).") var id: String
        @OptionGroup var connection: AdminConnection
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CommandFailure.reporting("admin passkeys delete") {
                AdminOperationsCommand.show(try await connection.client().deletePasskey(id), json: json)
            }
        }
    }
}

/// `countersign admin recover --member ID`: starts account recovery and prints the recovery link.
struct AdminRecoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Start account recovery for a member who lost their passkeys; prints the recovery invitation link.")
    @Option(help: "The member id (mem_…).") var member: String
    @OptionGroup var connection: AdminConnection
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await CommandFailure.reporting("admin recover") {
            let recovery = try await connection.client().recoverMember(member)
            if json { return CommandIO.printLine(JCS.canonicalize(.object(recovery.json))) }
            CommandIO.printLine(recovery.invitation.link)
            CommandIO.printLine(
                "\(recovery.operation.id): the member registers a new passkey with this link (expires "
                    + "\(Timestamp.format(recovery.invitation.expiresAt))); it replaces the old ones after the recovery delay unless cancelled.")
        }
    }
}

/// `countersign operations`: the pending operations that affect the signing member.
struct OperationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operations", abstract: "List pending admin operations that affect you (cancel them in the web app with your passkey).")
    @OptionGroup var connection: MemberConnection
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await CommandFailure.reporting("operations") {
            let operations = try await connection.client().myOperations()
            if json { return CommandIO.printLine(JCS.canonicalize(.array(operations.map { .object($0.json) }))) }
            if operations.isEmpty { return CommandIO.printLine("No pending operations.") }
            for operation in operations { CommandIO.printLine(operation.summaryLine) }
        }
    }
}

extension ScheduledOperation {
    var summaryLine: String {
        let due = dueAt.map { "due \(Timestamp.format($0))" } ?? "waiting for registration"
        let decided = decidedAt.map { " at \(Timestamp.format($0))" } ?? ""
        let by = cancelledBy.map { " by \($0)" } ?? ""
        return "\(id)  \(kind)  \(target)  \(state)\(by)\(decided)  \(due)"
    }
}
