import CountersignJOSE
import Foundation
import Testing

/// Members set up the way people are: the admin invites each one over the signed admin API, each
/// registers a passkey with the invitation and has it attest a signing key.
enum Team {
    static func make(_ server: TestServer, names: [String], roles: [String]) async throws -> [TestMember] {
        var members: [TestMember] = []
        for name in names {
            let invitation = try await AdminClient(server: server).invite(name: name, roles: roles)
            let member = try TestMember(name: name, server: server)
            try await member.register(invite: invitation.token)
            #expect(member.id == invitation.member)
            try expectStatus(try await member.attestKey(), 201)
            members.append(member)
        }
        return members
    }
}
