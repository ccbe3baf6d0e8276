import Countersign
import CountersignJSON
import CountersignStore
import CountersignTLog
import Foundation

extension TransparencyLog {
    /// The log's part of /readyz: its size, its latest checkpoint and each witness's state; a
    /// problem when fewer witnesses than the threshold are cosigning (one refuses: a fork, a bad
    /// proof, a rolled-back database).
    struct Readiness: Sendable {
        var json: JSONObject
        var problem: String?
    }

    func readiness() async -> Readiness {
        let latest = try? await latestCheckpoint()
        var json: JSONObject = ["origin": .string(origin), "vkey": .string(verifierKey.description)]
        if let latest {
            json["checkpoint"] = .object(["size": .number(Double(latest.size)), "cosignatures": .number(Double(latest.cosignatures.count))])
        }
        let statuses = await witnesses.all
        json["witnesses"] = .array(statuses.map { status in
            var entry: JSONObject = ["name": .string(status.name), "url": .string(status.witness.url)]
            entry["state"] = .string(status.refusal != nil ? "refusing" : status.unreachable != nil ? "unreachable" : status.lastCosignedSize != nil ? "cosigning" : "pending")
            if let refusal = status.refusal { entry["reason"] = .string(refusal) }
            if let unreachable = status.unreachable { entry["error"] = .string(unreachable) }
            if let size = status.lastCosignedSize { entry["cosignedSize"] = .number(Double(size)) }
            return .object(entry)
        })
        let refusing = statuses.filter { $0.refusal != nil }
        var problem: String?
        if !refusing.isEmpty, statuses.count - refusing.count < witnesses.threshold {
            problem = "log not witnessed: " + refusing.map { "\($0.name) refuses (\($0.refusal ?? ""))" }.joined(separator: "; ")
        }
        return Readiness(json: json, problem: problem)
    }
}
