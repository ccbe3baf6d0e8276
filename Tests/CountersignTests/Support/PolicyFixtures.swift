import Foundation
import Testing
@testable import Countersign

/// Shared names, times and builders for the statement and policy suites.
enum Fixture {
    /// 2026-11-21T10:00:00Z, the creation time of most test statements.
    static let t0 = Date(timeIntervalSince1970: 1_795_255_200)
    static let day: TimeInterval = 86_400
    static let hour: TimeInterval = 3_600

    /// t0 plus a number of days (fractions allowed).
    static func at(days: Double) -> Date { t0.addingTimeInterval(days * day) }

    /// `mem_<name>`.
    static func id(_ name: String) throws -> MemberID { try MemberID("mem_\(name)") }

    /// A member named after its id, with roles.
    static func member(_ name: String, roles: [String] = []) throws -> Member {
        try Member(id: id(name), name: name.capitalized, roles: Set(roles.map { try Role($0) }))
    }

    static func members(_ names: [String]) throws -> [Member] { try names.map { try member($0) } }

    /// A policy from JSON text.
    static func policy(_ json: String) throws -> Policy { try Policy(json: Array(json.utf8)) }

    /// The policy error for JSON text, or nil if it is valid.
    static func policyError(_ json: String) -> PolicyError? {
        do {
            _ = try Policy(json: Array(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    static func approve(_ name: String, at date: Date, key: MemberKey.Method = .passkey, stepUp: Bool = false) throws -> Vote {
        Vote(member: try id(name), kind: .approve, receivedAt: date, keyMethod: key, stepUpVerified: stepUp)
    }

    static func reject(_ name: String, at date: Date, key: MemberKey.Method = .passkey) throws -> Vote {
        Vote(member: try id(name), kind: .reject, receivedAt: date, keyMethod: key)
    }

    /// `{"threshold":T,"signers":[{"member":"mem_x","weight":1},…]}` for the names given.
    static func anyOf(_ threshold: Int, _ names: [String], extra: String = "") -> String {
        let signers = names.map { #"{"member":"mem_\#($0)","weight":1}"# }.joined(separator: ",")
        return #"{"threshold":\#(threshold),"signers":[\#(signers)]\#(extra)}"#
    }
}
