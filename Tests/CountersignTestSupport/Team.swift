import Foundation
import Testing

/// Members set up the way people are: the admin invites each one over the signed admin API, each
/// registers a passkey with the invitation and has it attest a signing key.
package enum Team {
    package static func make(_ server: any ServerEndpoint, names: [String], roles: [String]) async throws -> [TestMember] {
        try await withThrowingTaskGroup(of: (Int, TestMember).self) { group in
            // Eight at a time: quick, without turning setup into the load test.
            var next = 0
            var members: [Int: TestMember] = [:]
            func add() {
                guard next < names.count else { return }
                let (index, name) = (next, names[next])
                next += 1
                group.addTask { (index, try await join(server, name: name, roles: roles)) }
            }
            for _ in 0..<8 { add() }
            while let (index, member) = try await group.next() {
                members[index] = member
                add()
            }
            return (0..<names.count).compactMap { members[$0] }
        }
    }

    package static func join(_ server: any ServerEndpoint, name: String, roles: [String]) async throws -> TestMember {
        let invitation = try await AdminClient(server: server).invite(name: name, roles: roles)
        let member = try TestMember(name: name, server: server)
        try await member.register(invite: invitation.token)
        #expect(member.id == invitation.member)
        try expectStatus(try await member.attestKey(), 201)
        return member
    }
}
