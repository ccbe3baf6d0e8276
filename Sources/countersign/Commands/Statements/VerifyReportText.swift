import Countersign
import CountersignJSON
import Foundation

/// How `countersign verify` shows an evidence report, as lines for people or one JSON object.
enum VerifyReportText {
    /// The report as lines; members are named as the bundle's `members` list names them, beside
    /// their ids.
    static func lines(_ report: EvidenceReport, bundle: EvidenceBundle) -> [String] {
        let names = MemberNames(pairs: bundle.members.map { ($0.id.rawValue, $0.name) })
        var lines = ["statement \(bundle.statement.id.rawValue) \"\(bundle.statement.title)\" (digest \(bundle.statement.digest))"]
        for outcome in report.signatures {
            lines.append("\(label(outcome, names: names)): " + (outcome.failure.map { "FAILED: \($0)" } ?? "verified"))
            // The reason as a JSON string: one line, quotes and line feeds escaped, whatever was typed.
            if let reason = outcome.reason {
                lines.append("  reason (signed by the member's key, rejection/v2): " + JCS.string(.string(reason)))
            }
        }
        for key in report.keys {
            let result: String =
                switch key.result {
                case .verified: "attestation verified"
                case .serverAttested(let reason): "enrolment not checked, rests on the server's word (\(reason); admin-token enrolment: give --admin-key-file to check it)"
                case .failed(let problem): "attestation FAILED: \(problem)"
                }
            let passkey = key.relyingParty.map { ", passkey for \($0)" } ?? ""
            lines.append("key \(key.kid) of \(names.label(key.member)) (\(key.method.rawValue)\(passkey)): \(result)")
        }
        let evaluation = report.evaluation
        lines.append(
            "policy at \(Timestamp.format(report.evaluatedAt)): \(evaluation.state.rawValue), weight \(evaluation.approvalWeight) of \(evaluation.threshold)")
        lines.append("  \(evaluation.explanation.summary)")
        for ignored in evaluation.explanation.ignoredVotes {
            lines.append("  not counted: \(names.label(ignored.vote.member.rawValue)) \(ignored.vote.kind.rawValue): \(ignored.reason.message)")
        }
        for problem in report.problems { lines.append("bundle: FAILED: \(problem)") }
        if let receipt = report.receipt, report.receiptTrusted {
            lines.append("receipt: signature verified with the trusted server key (audit seq \(receipt.auditSeq), \(receipt.approvals.count) counted approval(s))")
        }
        for problem in report.receiptProblems {
            if problem.code == EvidenceReport.untrustedReceiptKeyCode, report.logVerified {
                lines.append("receipt: signed by the bundle's server key, not pinned; the verified transparency log vouches for the statement and the votes")
            } else if problem.code == EvidenceReport.untrustedReceiptKeyCode {
                lines.append("receipt: NOT trusted: \(problem.message); pin the server's key with --server-key FILE or --trust FILE, or check the log with --log-key")
            } else {
                lines.append("receipt: FAILED: \(problem)")
            }
        }
        lines += logLines(report, bundle: bundle)
        lines.append("result: \(verdict(report))")
        return lines
    }

    /// What the transparency log proved, or that it was not checked.
    private static func logLines(_ report: EvidenceReport, bundle: EvidenceBundle) -> [String] {
        guard let log = report.log else {
            return [bundle.log == nil
                ? "log: none (\(EvidenceBundle.formatV1)): which passkey belongs to a member rests on the server's word"
                : "log: not checked (give --log-key and the witnesses' keys): which passkey belongs to a member rests on the server's word"]
        }
        var lines: [String] = []
        if let size = log.checkpointSize {
            let witnesses = log.cosigners.isEmpty ? "no witness" : "witness(es) \(log.cosigners.joined(separator: ", "))"
            lines.append("log: checkpoint of \(size) entries signed by the log key and cosigned by \(witnesses); \(log.provenEntries) entries proven included")
        }
        for kid in log.adminEnrolledKeys { lines.append("log: key \(kid) was enrolled by the admin with a user token (no passkey behind it)") }
        for problem in log.problems { lines.append("log: FAILED: \(problem)") }
        return lines
    }

    /// The last line: what was established, never more. Keys resting on the server's word are
    /// named whether or not the verifier accepted them.
    private static func verdict(_ report: EvidenceReport) -> String {
        let state = report.evaluation.state.rawValue
        let attested = report.serverAttestedKeys.map(\.kid)
        let onServerWord = "key(s) \(attested.joined(separator: ", ")) rest on the server's word (admin-token enrolment, not checked offline)"
        if report.isApproved {
            return attested.isEmpty
                ? "everything verifies and the statement is approved"
                : "the statement is approved, but \(onServerWord); accepted by --accept-server-attested-keys"
        }
        if report.allVerified {
            return attested.isEmpty
                ? "everything verifies but the statement is \(state), not approved"
                : "the statement is \(state), not approved, and \(onServerWord)"
        }
        var reasons: [String] = []
        if !report.serverAttestedKeys.isEmpty, !report.acceptsServerAttestedKeys {
            reasons.append("\(onServerWord); give --admin-key-file, or --accept-server-attested-keys to accept that")
        }
        if report.receipt != nil, !report.receiptTrusted, !report.logVerified { reasons.append("the receipt is signed by a key this verifier does not trust") }
        if let log = report.log, let first = log.problems.first { reasons.append("the log does not prove it: \(first.message)") }
        return reasons.isEmpty ? "NOT verified" : "NOT verified: " + reasons.joined(separator: "; ")
    }

    static func json(_ report: EvidenceReport, bundle: EvidenceBundle) -> JSONValue {
        let signatures: [JSONValue] = report.signatures.map { outcome in
            .object([
                "kind": .string(outcome.kind.rawValue), "index": outcome.index.map { .number(Double($0)) } ?? .null,
                "signature": .string(outcome.hash), "member": outcome.member.map(JSONValue.string) ?? .null,
                "receivedAt": outcome.receivedAt.map { .string(Timestamp.format($0)) } ?? .null,
                "verified": .bool(outcome.verified), "error": outcome.failure.map(problem) ?? .null,
                "reason": outcome.reason.map(JSONValue.string) ?? .null,
            ])
        }
        let keys: [JSONValue] = report.keys.map { key in
            var object: JSONObject = [
                "kid": .string(key.kid), "member": .string(key.member), "method": .string(key.method.rawValue),
                "relyingParty": key.relyingParty.map(JSONValue.string) ?? .null,
            ]
            switch key.result {
            case .verified: object["attestation"] = "verified"
            case .serverAttested(let reason): (object["attestation"], object["reason"]) = ("server-attested", .string(reason))
            case .failed(let failure): (object["attestation"], object["error"]) = ("failed", problem(failure))
            }
            return .object(object)
        }
        let evaluation = report.evaluation
        let policy: JSONObject = [
            "state": .string(evaluation.state.rawValue), "weight": .number(Double(evaluation.approvalWeight)),
            "threshold": .number(Double(evaluation.threshold)), "evaluatedAt": .string(Timestamp.format(report.evaluatedAt)),
            "decidedAt": evaluation.decidedAt.map { .string(Timestamp.format($0)) } ?? .null,
            "explanation": .string(evaluation.explanation.summary),
        ]
        return .object([
            "statement": .string(bundle.statement.id.rawValue), "digest": .string(bundle.statement.digest),
            "signatures": .array(signatures), "keys": .array(keys), "policy": .object(policy),
            "problems": .array(report.problems.map(problem)),
            "serverAttestedKeys": .array(report.serverAttestedKeys.map { .string($0.kid) }),
            "serverAttestedKeysAccepted": .bool(report.acceptsServerAttestedKeys),
            "receipt": .object([
                "verified": .bool(report.receipt != nil && report.receiptProblems.isEmpty),
                "trusted": .bool(report.receiptTrusted),
                "errors": .array(report.receiptProblems.map(problem)),
            ]),
            "log": report.log.map { log in
                .object([
                    "checked": .bool(true), "checkpointSize": log.checkpointSize.map { .number(Double($0)) } ?? .null,
                    "cosigners": .array(log.cosigners.map(JSONValue.string)), "provenEntries": .number(Double(log.provenEntries)),
                    "adminEnrolledKeys": .array(log.adminEnrolledKeys.map(JSONValue.string)), "errors": .array(log.problems.map(problem)),
                ])
            } ?? .object(["checked": .bool(false), "present": .bool(bundle.log != nil)]),
            "verified": .bool(report.allVerified), "approved": .bool(report.isApproved),
        ])
    }

    private static func label(_ outcome: EvidenceReport.SignatureOutcome, names: MemberNames) -> String {
        let position = outcome.index.map { "#\($0)" } ?? "(votes entry only)"
        let who = outcome.member.map { " by \(names.label($0))" } ?? ""
        let when = outcome.receivedAt.map { " received \(Timestamp.format($0))" } ?? ""
        return "\(outcome.kind == .approve ? "approval" : "rejection") \(position)\(who)\(when)"
    }

    private static func problem(_ problem: EvidenceReport.Problem) -> JSONValue {
        .object(["code": .string(problem.code), "message": .string(problem.message)])
    }
}
