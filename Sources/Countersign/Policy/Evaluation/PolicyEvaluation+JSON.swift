import CountersignJSON
import Foundation

extension PolicyEvaluation {
    /// The evaluation as JSON, for the API's "explanation" and `--json` output. Times are RFC 3339
    /// (null when absent); member ids are ids (the caller has the names).
    public var jsonValue: JSONValue {
        .object([
            "state": .string(state.rawValue),
            "approvalWeight": .number(Double(approvalWeight)),
            "rejectionWeight": .number(Double(rejectionWeight)),
            "threshold": .number(Double(threshold)),
            "thresholdMetAt": Self.time(thresholdMetAt),
            "timelockEndsAt": Self.time(timelockEndsAt),
            "expiresAt": Self.time(expiresAt),
            "decidedAt": Self.time(decidedAt),
            "explanation": explanation.jsonValue,
        ])
    }

    static func time(_ date: Date?) -> JSONValue { date.map { .string(Timestamp.format($0)) } ?? .null }
}

extension PolicyExplanation {
    /// The explanation as JSON: summary, rejection cause, the level tree and the ignored votes.
    public var jsonValue: JSONValue {
        let rejectionJSON: JSONValue =
            switch rejection {
            case .rejectThresholdReached(let weight, let rejectThreshold)?:
                .object(["code": .string(rejection?.code ?? ""), "weight": .number(Double(weight)),
                         "rejectThreshold": .number(Double(rejectThreshold))])
            case .approvalUnreachable(let possible, let threshold, let unavailable)?:
                .object(["code": .string(rejection?.code ?? ""), "possibleWeight": .number(Double(possible)),
                         "threshold": .number(Double(threshold)), "unavailableRequired": LevelExplanation.ids(unavailable)])
            case nil: .null
            }
        return .object([
            "summary": .string(summary),
            "rejection": rejectionJSON,
            "root": root.jsonValue,
            "ignoredVotes": .array(ignoredVotes.map { ignored in
                .object([
                    "member": .string(ignored.vote.member.rawValue), "kind": .string(ignored.vote.kind.rawValue),
                    "receivedAt": PolicyEvaluation.time(ignored.vote.receivedAt),
                    "reason": .object(["code": .string(ignored.reason.code), "message": .string(ignored.reason.message)]),
                ])
            }),
        ])
    }
}

extension LevelExplanation {
    /// One level as JSON, nested levels included.
    public var jsonValue: JSONValue {
        .object([
            "path": .string(path),
            "threshold": .number(Double(threshold)),
            "approvalWeight": .number(Double(approvalWeight)),
            "rejectionWeight": .number(Double(rejectionWeight)),
            "possibleWeight": .number(Double(possibleWeight)),
            "neededWeight": .number(Double(neededWeight)),
            "countsApprovals": .bool(countsApprovals),
            "satisfied": .bool(satisfied),
            "reachable": .bool(reachable),
            "counted": .array(counted.map { vote in
                .object(["member": .string(vote.member.rawValue), "kind": .string(vote.kind.rawValue),
                         "weight": .number(Double(vote.weight)), "entry": .number(Double(vote.entry))])
            }),
            "waits": .array(waits.map { wait in
                .object(["entry": .number(Double(wait.entry)), "duration": .string(wait.duration.text),
                         "weight": .number(Double(wait.weight)), "maturesAt": PolicyEvaluation.time(wait.maturesAt),
                         "matured": .bool(wait.matured)])
            }),
            "nested": .array(nested.map { inner in
                .object(["entry": .number(Double(inner.entry)), "weight": .number(Double(inner.weight)), "level": inner.level.jsonValue])
            }),
            "missingRequired": Self.ids(missingRequired),
            "unavailableRequired": Self.ids(unavailableRequired),
        ])
    }

    static func ids(_ members: [MemberID]) -> JSONValue { .array(members.map { .string($0.rawValue) }) }
}
