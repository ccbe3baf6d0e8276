import Countersign
import CountersignStore
import Foundation

/// The mail that announces a dangerous operation to each member it affects: what will happen,
/// when, the time left to cancel, and a link to the account page where the member cancels it with
/// their passkey. The link names the operation only; it is not a capability (opening it changes
/// nothing, and cancelling needs a passkey assertion by the affected member).
enum OperationMail {
    static let kind = "operation.announced"

    static func compose(_ operation: OperationRecord, for member: MemberRecord, now: Date, configuration: ServerConfiguration) -> MailOutbox.Composed {
        let link = "\(configuration.linkBase)/account#operation=\(operation.id)"
        let when: String
        if let due = operation.dueAt {
            when = "It takes effect at \(MailWording.time(due)), in \(MailWording.duration(due.timeIntervalSince(now))), unless you cancel it before then."
        } else {
            when = """
                It waits until a new passkey is registered with the recovery link; from then on you have \
                \(MailWording.duration(configuration.recoveryDelay)) to cancel it from a device that has one of your passkeys.
                """
        }
        let body = """
            Hello \(member.name),

            The administrator of Countersign announced a change to your account:

              \(describe(operation))

            \(when)

            If you asked for it, there is nothing to do. If you did not, cancel it: open

              \(link)

            and sign in with your passkey; the page shows the change and a button to cancel it.

            Operation: \(operation.id)

            \(MailWording.footer(linkBase: configuration.linkBase))
            """
        return MailOutbox.Composed(kind: kind, subject: "Countersign: a change to your account was announced", body: body)
    }

    /// A sentence about what the operation does (the web app's describeOperation says the same).
    static func describe(_ operation: OperationRecord) -> String {
        switch operation.kind {
        case .memberRemove: "Remove you from Countersign: your keys are revoked and you can no longer sign in."
        case .memberRoles: "Change your roles."
        case .keyDelete: "Delete your signing key \(operation.target.prefix(16))…"
        case .passkeyDelete: "Delete one of your passkeys."
        case .policyReplace: "Replace a policy that names you with a new version."
        case .memberRecover: "Account recovery: a new passkey replaces all of your passkeys, and keys they approved are revoked."
        case .keyEnrol: "A signing key the administrator enrolled for you (\(operation.target.prefix(16))…) becomes able to sign approvals as you."
        }
    }

    /// Queues the announcement of `operation` to the affected members with a confirmed address.
    static func announce(_ operation: OperationRecord, in tx: any StoreTransaction, at now: Date, configuration: ServerConfiguration) async throws {
        guard configuration.mail != nil else { return }
        let audience = try await OperationAudience.members(of: operation, reader: tx)
        try await MailOutbox.notify(audience.sorted { $0.rawValue < $1.rawValue }, in: tx, at: now, configuration: configuration) { member in
            compose(operation, for: member, now: now, configuration: configuration)
        }
    }
}
