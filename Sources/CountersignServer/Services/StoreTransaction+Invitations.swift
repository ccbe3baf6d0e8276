import Countersign
import CountersignJSON
import CountersignStore
import Foundation

extension StoreTransaction {
    /// Ends the member's other pending ordinary invitations once one invitation was used: a
    /// forwarded or forgotten second link must not add a passkey to the now active account.
    /// Recovery invitations are ended by their own operation. Each is audited
    /// `invitation.ended`, naming the invitation whose use ended it.
    func endOtherInvitations(of member: MemberID, than used: String, at now: Date) async throws {
        for invitation in try await invitations(member: member)
        where invitation.tokenHash != used && invitation.recovery == nil && invitation.state(at: now) == .pending {
            guard try await revokeInvitation(tokenHash: invitation.tokenHash, at: now) else { continue }
            _ = try await appendAudit(
                actor: member.rawValue, action: "invitation.ended", subject: member.rawValue,
                details: ["invitation": .string(invitation.tokenHash), "endedBy": .string(used)], at: now)
        }
    }
}
