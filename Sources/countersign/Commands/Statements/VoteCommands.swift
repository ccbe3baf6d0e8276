import ArgumentParser
import Countersign
import CountersignClient
import CountersignJSON
import Foundation

/// What `sign` and `reject` share: fetch the statement, show it, confirm, sign exactly what the
/// server served, submit, print the new status.
struct VoteSubmission {
    let kind: VoteKind
    let target: StatementTarget
    let assumeYes: Bool
    /// A rejection's reason, signed with it exactly as given (rejection/v2).
    var reason: String? = nil

    private var verb: String { kind == .approve ? "approve" : "reject" }

    func run() async throws {
        let client = try target.connection.client()
        let statement = try await client.statement(target.id)
        if !assumeYes {
            let names = try await MemberNames.directory(client)
            for line in StatementText.lines(statement, names: names) { CommandIO.printError(line) }
            if let reason { CommandIO.printError("Reason (signed with the rejection): \(JCS.string(.string(reason)))") }
            guard Confirmation.ask("\(verb.capitalized) this statement? [y/N] ") else {
                throw CommandFailure("nothing signed (answer y to \(verb))")
            }
        }
        target.printResult(try await client.vote(kind, on: statement, reason: reason), kind == .approve ? "approved" : "rejected")
    }
}

/// A yes/no question on standard error, answered on standard input; only "y" or "yes" is yes.
enum Confirmation {
    static func ask(_ question: String) -> Bool {
        CommandIO.printError(question, terminator: "")
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}

/// `countersign sign`: approve a statement with your signing key.
struct SignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign", abstract: "Approve a statement: shows it, asks, signs what the server shows and submits.")

    @OptionGroup var target: StatementTarget
    @Flag(help: "Do not ask for confirmation.") var yes = false

    func run() async throws {
        try await CommandFailure.reporting("sign") { try await VoteSubmission(kind: .approve, target: target, assumeYes: yes).run() }
    }
}

/// `countersign reject`: reject a statement with a signed rejection.
struct RejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "Reject a statement with a signed rejection.")

    @OptionGroup var target: StatementTarget
    @Flag(help: "Do not ask for confirmation.") var yes = false
    @Option(help: "Why you reject: signed with the rejection exactly as given (rejection/v2; at most 1000 characters, no control characters but line feeds).")
    var reason: String?

    func run() async throws {
        try await CommandFailure.reporting("reject") {
            try await VoteSubmission(kind: .reject, target: target, assumeYes: yes, reason: reason).run()
        }
    }
}

/// `countersign withdraw`: take back your vote while the statement is pending.
struct WithdrawCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "withdraw", abstract: "Withdraw your vote on a pending statement.")

    @OptionGroup var target: StatementTarget
    @Option(help: "Why you withdraw: recorded by the server with the withdrawal, not signed.") var reason: String?

    func run() async throws {
        try await CommandFailure.reporting("withdraw") {
            target.printResult(try await target.connection.client().withdrawVote(target.id, reason: reason), "withdrew your vote on")
        }
    }
}
