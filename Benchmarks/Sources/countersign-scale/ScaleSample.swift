import CountersignJSON
import Foundation

/// What `measure` needs to know about a seeded data set: how many statements it holds and the ids
/// of about 10,000 of them spread evenly over it (random fetches and evidence exports pick among
/// these). Saved as `scale-sample.json` in the data directory.
struct ScaleSample: Sendable {
    static let size = 10_000
    static let fileName = "scale-sample.json"

    let count: Int
    let statementIDs: [String]

    func save(in directory: URL) throws {
        let json: JSONValue = .object(["count": .number(Double(count)), "statements": .array(statementIDs.map { .string($0) })])
        try Data(JCS.canonicalize(json)).write(to: directory.appendingPathComponent(Self.fileName))
    }

    static func load(from directory: URL) throws -> ScaleSample {
        let bytes = try Data(contentsOf: directory.appendingPathComponent(fileName))
        guard let object = try JSONParser().parse(Array(bytes)).objectValue, case .number(let count)? = object["count"],
              case .array(let ids)? = object["statements"], !ids.isEmpty
        else { throw ScaleError.badFile(fileName, "expected {\"count\",\"statements\":[ids]}") }
        return ScaleSample(count: Int(count), statementIDs: ids.compactMap(\.stringValue))
    }
}
