/// One entry of a policy's `signers` list: who or what counts, and with which weight.
public struct SignerEntry: Sendable, Hashable {
    /// Who or what the entry counts.
    public enum Signer: Sendable, Hashable {
        /// `{"member":"mem_…"}`: that member's approval.
        case member(MemberID)
        /// `{"role":"…"}`: the approval of each member holding the role.
        case role(Role)
        /// `{"policy":{…}}`: a nested policy, counted when it is itself satisfied.
        indirect case policy(Quorum)
        /// `{"wait":"P7D"}`: counted once the statement is that old.
        case wait(ISODuration)
    }

    /// Who or what the entry counts.
    public let signer: Signer
    /// The weight the entry contributes, 1 to 65535 in a valid policy.
    public let weight: Int

    /// An entry; `Policy`'s initialisers validate it.
    public init(_ signer: Signer, weight: Int) {
        self.signer = signer
        self.weight = weight
    }

    /// A member entry.
    public static func member(_ member: MemberID, weight: Int) -> SignerEntry { SignerEntry(.member(member), weight: weight) }
    /// A role entry.
    public static func role(_ role: Role, weight: Int) -> SignerEntry { SignerEntry(.role(role), weight: weight) }
    /// A nested policy entry.
    public static func policy(_ quorum: Quorum, weight: Int) -> SignerEntry { SignerEntry(.policy(quorum), weight: weight) }
    /// A wait entry.
    public static func wait(_ duration: ISODuration, weight: Int) -> SignerEntry { SignerEntry(.wait(duration), weight: weight) }

    /// The JSON member that names the entry's kind.
    var kindName: String {
        switch signer {
        case .member: "member"
        case .role: "role"
        case .policy: "policy"
        case .wait: "wait"
        }
    }
}
