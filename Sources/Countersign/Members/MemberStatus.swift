/// Where a member is in their lifecycle, and what each stage allows.
///
/// invited -> active (a first passkey, or a service member's first key); invited or active ->
/// suspended, and back to where the member was (active once they have a passkey or key); any
/// stage but removed -> removed (a delayed `member.remove`), which is final.
public enum MemberStatus: String, Sendable, Hashable, CaseIterable {
    /// Created by the admin; no passkey registered (nor key enrolled) yet.
    case invited
    /// Has registered a passkey, or a service member's key was enrolled.
    case active
    /// Suspended by the admin: cannot log in, vote or sign requests until reinstated.
    case suspended
    /// Removed by a delayed `member.remove` operation: final. Keys revoked from the removal,
    /// passkeys and sessions gone; past votes stay in evidence.
    case removed

    /// Only an active member acts: logs in, votes, signs requests, adds passkeys.
    public var mayAct: Bool { self == .active }

    /// May a key be enrolled for the member with a user token? Not once suspended or removed.
    public var mayEnrolKeys: Bool { self == .invited || self == .active }

    /// Whether the admin may move a member from this stage to `next`.
    public func mayBecome(_ next: MemberStatus) -> Bool {
        switch (self, next) {
        case (.invited, .active), (.invited, .suspended), (.active, .suspended), (.suspended, .active), (.suspended, .invited): true
        case (.removed, _): false
        case (_, .removed): true
        default: false
        }
    }
}
