import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignStore
import Foundation

/// The members of a seeded data set and their private Ed25519 signing keys: one creator and three
/// signers (policy: two of the three). Saved as `scale-team.json` in the data directory so that
/// `measure` can sign requests as a member; the keys are benchmark keys of a throwaway data set.
struct ScaleTeam: Sendable {
    struct Seat: Sendable {
        let member: MemberID
        let name: String
        let key: JWK
    }

    let creator: Seat
    let signers: [Seat]

    static let fileName = "scale-team.json"

    /// Four new members with fresh keys.
    static func generate() throws -> ScaleTeam {
        func seat(_ name: String) throws -> Seat {
            Seat(member: try MemberID(randomBytes: randomBytes(16)), name: name, key: try JWK.generate(for: .ed25519))
        }
        return ScaleTeam(creator: try seat("Scale Creator"), signers: try ["Scale Signer A", "Scale Signer B", "Scale Signer C"].map(seat))
    }

    /// The policy of every seeded statement: any two of the three signers.
    var policy: JSONValue {
        .object([
            "threshold": 2,
            "signers": .array(signers.map { .object(["member": .string($0.member.rawValue), "weight": 1]) }),
        ])
    }

    var all: [Seat] { [creator] + signers }

    func save(in directory: URL) throws {
        let seats: [JSONValue] = all.map { seat in
            .object(["member": .string(seat.member.rawValue), "name": .string(seat.name), "key": .object(seat.key.jsonObject(includePrivate: true))])
        }
        try Data(JCS.canonicalize(.object(["seats": .array(seats)]))).write(to: directory.appendingPathComponent(Self.fileName))
    }

    static func load(from directory: URL) throws -> ScaleTeam {
        let bytes = try Data(contentsOf: directory.appendingPathComponent(fileName))
        guard case .array(let values)? = try JSONParser().parse(Array(bytes)).objectValue?["seats"], values.count == 4 else {
            throw ScaleError.badFile(fileName, "expected {\"seats\":[4 seats]}")
        }
        let seats = try values.map { value -> Seat in
            guard let object = value.objectValue, let member = object["member"]?.stringValue, let name = object["name"]?.stringValue,
                  let key = object["key"]?.objectValue else { throw ScaleError.badFile(fileName, "a seat needs member, name and key") }
            return Seat(member: try MemberID(member), name: name, key: try JWK(key))
        }
        return ScaleTeam(creator: seats[0], signers: Array(seats[1...]))
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
