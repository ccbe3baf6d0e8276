import Countersign
import Foundation

/// The mails about an address itself: its confirmation, and an invitation sent by the admin
/// (which carries the invitation link, the one link in any mail that is a credential: it
/// registers a first passkey for a member who has none, exactly like the link the admin hands
/// over by other means).
enum AddressMail {
    static let confirmationKind = "email.confirm"
    static let invitationKind = "invitation"
    static let replacedKind = "email.replaced"

    static func confirmationLink(token: String, configuration: ServerConfiguration) -> String {
        "\(configuration.linkBase)/account#confirm-email=\(token)"
    }

    static func confirmation(name: String, token: String, expiresAt: Date, configuration: ServerConfiguration) -> MailOutbox.Composed {
        let body = """
            Hello \(name),

            Someone signed in as you on the Countersign server at \(configuration.linkBase) asked for \
            notifications at this address. To confirm it, open

              \(confirmationLink(token: token, configuration: configuration))

            and sign in with your passkey if asked. The link works once, until \(MailWording.time(expiresAt)).

            If this was not you, ignore this mail: nothing is sent to an address that is not confirmed.
            """
        return MailOutbox.Composed(kind: confirmationKind, subject: "Countersign: confirm your email address", body: body)
    }

    static func invitation(
        name: String, inviteLink: String, invitationExpiresAt: Date, confirmToken: String, configuration: ServerConfiguration
    ) -> MailOutbox.Composed {
        let body = """
            Hello \(name),

            You are invited to Countersign at \(configuration.linkBase), where statements are approved \
            with passkeys. To accept, open this link on the device that will hold your passkey:

              \(inviteLink)

            The link is for you alone: it lets whoever opens it first register the passkey of your \
            account. It works once, until \(MailWording.time(invitationExpiresAt)).

            Once your passkey is registered, confirm this address to receive notifications:

              \(confirmationLink(token: confirmToken, configuration: configuration))
            """
        return MailOutbox.Composed(kind: invitationKind, subject: "Countersign: you are invited", body: body)
    }

    /// To the confirmed address a member (or whoever holds their session) is replacing.
    static func replaced(name: String, configuration: ServerConfiguration) -> MailOutbox.Composed {
        let body = """
            Hello \(name),

            Someone signed in as you on the Countersign server at \(configuration.linkBase) set another \
            address for your notifications. This address receives nothing more from now on.

            If this was not you, sign in with your passkey, set your address again on your account \
            page (\(configuration.linkBase)/account), sign out everywhere, and tell your administrator.
            """
        return MailOutbox.Composed(kind: replacedKind, subject: "Countersign: your address for notifications was changed", body: body)
    }
}
