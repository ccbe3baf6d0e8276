import Countersign
import CountersignJSON
import CountersignTLog
import Foundation

/// What `countersign log monitor` keeps between runs (a JSON file, owner-only): the pinned log
/// key, the member, the last tree checked (size and frontier), the identity entries of the
/// baseline, and the new ones not yet acknowledged.
struct MonitorState {
    struct Seen {
        var index: Int64
        var action: String
        var at: String
        var actor: String
        var what: String

        var json: JSONValue {
            .object(["index": .number(Double(index)), "action": .string(action), "at": .string(at), "actor": .string(actor), "what": .string(what)])
        }

        init(index: Int64, action: String, at: String, actor: String, what: String) {
            (self.index, self.action, self.at, self.actor, self.what) = (index, action, at, actor, what)
        }

        init?(_ value: JSONValue) {
            guard let object = value.objectValue, let index = object["index"]?.integerValue, let action = object["action"]?.stringValue,
                let at = object["at"]?.stringValue, let actor = object["actor"]?.stringValue, let what = object["what"]?.stringValue
            else { return nil }
            self.init(index: index, action: action, at: at, actor: actor, what: what)
        }
    }

    static let format = "countersign-log-monitor/v1"

    var logKey: String
    var member: String
    var size: Int64
    var frontier: TreeFrontier
    var baseline: [Seen]
    var pending: [Seen]

    /// The state in `path`, or nil when the file does not exist yet (the first run).
    static func load(_ path: String) throws -> MonitorState? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let bytes = try CommandIO.read(path)
        guard let object = try? JSONParser().parse(bytes).objectValue, object["format"] == .string(format),
            let logKey = object["logKey"]?.stringValue, let member = object["member"]?.stringValue,
            let size = object["size"]?.integerValue, let hashTexts = object["frontier"]?.arrayValue,
            let baseline = object["baseline"]?.arrayValue, let pending = object["pending"]?.arrayValue
        else { throw UnreadableInput("\(path): not a \(format) state file") }
        let hashes = hashTexts.compactMap { $0.stringValue.flatMap { MerkleHash(base64: $0) } }
        guard hashes.count == hashTexts.count, let frontier = TreeFrontier(size: size, hashes: hashes) else {
            throw UnreadableInput("\(path): the stored frontier does not match its size")
        }
        let seenBaseline = baseline.compactMap(Seen.init)
        let seenPending = pending.compactMap(Seen.init)
        guard seenBaseline.count == baseline.count, seenPending.count == pending.count else { throw UnreadableInput("\(path): unreadable entries") }
        return MonitorState(logKey: logKey, member: member, size: size, frontier: frontier, baseline: seenBaseline, pending: seenPending)
    }

    func save(_ path: String) throws {
        let object: JSONObject = [
            "format": .string(Self.format), "logKey": .string(logKey), "member": .string(member), "size": .number(Double(size)),
            "frontier": .array(frontier.hashes.map { .string($0.base64) }), "baseline": .array(baseline.map(\.json)),
            "pending": .array(pending.map(\.json)),
        ]
        // Atomic: written beside it and renamed over it, so a crash leaves the old state or the new one.
        try Data(JCS.canonicalize(.object(object))).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// What an audit event says about `member`'s identity (a passkey or key added, enrolled,
    /// scheduled or revoked; removal; recovery), or nil when it says nothing about it.
    static func identityEntry(_ event: AuditEvent, member: String) -> String? {
        let details = event.details.objectValue ?? [:]
        let detailMember = details["member"]?.stringValue
        switch event.action {
        case "passkey.registered", "passkey.added":
            guard event.subject == member else { return nil }
            return "a passkey was registered (credential \(details["credentialId"]?.stringValue ?? "?"))"
        case "passkey.revoked", "passkey.deleted":
            guard event.subject == member else { return nil }
            return "a passkey was removed (credential \(details["credentialId"]?.stringValue ?? "?"))"
        case "key.attested":
            guard detailMember == member else { return nil }
            return "signing key \(event.subject) was attested by a passkey"
        case "key.enrolled":
            guard detailMember == member else { return nil }
            return "signing key \(event.subject) was enrolled by the admin with a user token"
        case "key.revoked", "key.deleted", "key.rotated":
            guard detailMember == member || event.subject == member else { return nil }
            return "signing key \(event.subject) was revoked (\(event.action))"
        case "operation.scheduled":
            guard event.subject == member else { return nil }
            let due = details["dueAt"]?.stringValue.map { ", due \($0)" } ?? ""
            return "the admin scheduled \(details["kind"]?.stringValue ?? "an operation") on \(details["target"]?.stringValue ?? "?") (operation \(details["id"]?.stringValue ?? "?")\(due)), cancellable until it runs"
        case "email.set":
            guard event.subject == member else { return nil }
            return "an address for the account's notifications by email was set"
        case "member.removed", "member.recovered", "member.suspended":
            guard event.subject == member else { return nil }
            return "the account was \(event.action.dropFirst("member.".count))"
        default:
            return nil
        }
    }
}
