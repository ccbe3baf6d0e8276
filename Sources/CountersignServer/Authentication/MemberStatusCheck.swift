import CountersignStore

/// Whether a member may act at all: only an active member may. A removed member is told so
/// (403 `member_removed`: final, their past votes stay in evidence), a suspended one likewise.
enum MemberStatusCheck {
    static func refusal(_ member: MemberRecord) -> ServiceError? {
        switch member.status {
        case .active: nil
        case .removed: ServiceError.forbidden("member_removed", "this member was removed")
        case .suspended: ServiceError.forbidden("member_suspended", "this member is suspended")
        case .invited: ServiceError.forbidden("member_suspended", "this member has not registered yet")
        }
    }
}
