import Countersign
import Foundation
@testable import CountersignStore

/// Records for the store tests. Instants carry sub-microsecond noise so that a test comparing
/// after `StoreTime.truncated` proves the documented precision, not an accident.
enum Fixtures {
    static let base = Date(timeIntervalSince1970: 1_795_000_000.123_456_789)

    static func at(_ seconds: Double) -> Date { base.addingTimeInterval(seconds) }

    static func memberID(_ n: Int) -> MemberID { try! MemberID("mem_m\(n)") }

    static func statementID(_ n: Int) -> StatementID { try! StatementID("st_s\(n)") }

    static func member(_ n: Int, roles: [String] = ["investor", "board.finance"]) -> MemberRecord {
        MemberRecord(
            id: memberID(n), name: "Member \(n)", roles: roles.map { try! Role($0) }, status: .active,
            userHandle: Array("handle-\(n)".utf8), createdAt: at(Double(n)))
    }

    static func statement(_ n: Int, creator: Int = 1, state: StatementState = .pending) -> StatementRecord {
        StatementRecord(
            id: statementID(n), creator: memberID(creator), title: "Statement \(n)", document: Array("{\"n\":\(n)}".utf8),
            digest: "digest-\(n)", status: StatementStatus(state: state, weight: 0, threshold: 2, decidedAt: nil),
            createdAt: at(Double(n)), expiresAt: at(86_400), updatedAt: at(Double(n)))
    }

    static func vote(statement: Int, member: Int, kind: VoteKind = .approve) -> VoteRecord {
        VoteRecord(
            statement: statementID(statement), member: memberID(member), kind: kind, kid: "kid-\(member)", keyMethod: member % 3 == 0 ? "admin-token" : "passkey",
            signature: "{\"protected\":\"p\",\"signature\":\"s\(member)\"}", receivedAt: at(Double(member) / 7), stepUp: member % 2 == 0)
    }

    static func passkey(_ n: Int, member: Int) -> PasskeyRecord {
        PasskeyRecord(
            credentialID: [0, 1, 2, UInt8(n & 0xFF)], member: memberID(member), publicKey: [0xA5, 0x01, 0x02, 0x03, 0x26],
            signCount: UInt32.max - UInt32(n), backupEligible: true, backedUp: false, transports: ["internal", "hybrid"],
            attestationFormat: "none", createdAt: at(3), lastUsedAt: nil, revokedAt: nil)
    }

    static func key(_ kid: String, member: Int) -> KeyRecord {
        KeyRecord(
            kid: kid, member: memberID(member), jwk: "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AA\",\"kid\":\"\(kid)\"}",
            method: "passkey", attestation: "{\"a\":1}", validFrom: at(4), revokedAt: nil)
    }
}

extension Date {
    /// This instant as the store gives it back.
    var stored: Date { StoreTime.truncated(self) }
}

extension MemberRecord {
    var stored: MemberRecord { var copy = self; copy.createdAt = createdAt.stored; return copy }
}

extension StatementRecord {
    var stored: StatementRecord {
        var copy = self
        copy.createdAt = createdAt.stored
        copy.updatedAt = updatedAt.stored
        copy.expiresAt = expiresAt?.stored
        copy.status.decidedAt = status.decidedAt?.stored
        return copy
    }
}
