import Countersign
import Testing

/// The member lifecycle as a table: who may act, who may get keys, which moves are allowed.
@Suite("Member status")
struct MemberStatusTests {
    @Test("only an active member acts; invited and active members may get keys")
    func permissions() {
        #expect(MemberStatus.allCases.filter(\.mayAct) == [.active])
        #expect(MemberStatus.allCases.filter(\.mayEnrolKeys) == [.invited, .active])
    }

    @Test("the lifecycle's moves", arguments: [
        (MemberStatus.invited, MemberStatus.active, true), (.active, .suspended, true), (.suspended, .active, true),
        (.invited, .removed, true), (.active, .removed, true), (.suspended, .removed, true),
        (.invited, .suspended, true), (.suspended, .invited, true),
        (.removed, .active, false), (.removed, .removed, false), (.active, .invited, false), (.suspended, .suspended, false),
        (.active, .active, false),
    ])
    func moves(from: MemberStatus, to: MemberStatus, allowed: Bool) {
        #expect(from.mayBecome(to) == allowed)
    }
}
