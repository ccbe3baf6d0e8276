import Countersign
import CountersignClient
import CountersignJOSE
import CountersignJSON

/// The file `countersign audit export` writes and `audit verify --file` reads:
/// {"countersign":"audit-export/v1","events":[…],"checkpoints":[compact JWS, …],"serverKey":{JWK}}.
/// The file carries the server key, so it proves only integrity against itself; pin the key with
/// `--server-key` to also prove whose log it is.
struct AuditExportFile {
    static let format = "audit-export/v1"
    /// Audit exports may be far larger than other inputs.
    static let maxBytes = 512 << 20

    var events: [AuditEvent]
    var checkpoints: [String]
    var serverKey: JWK

    var json: JSONValue {
        .object([
            "countersign": .string(Self.format),
            "events": .array(events.map { .object($0.jsonObject) }),
            "checkpoints": .array(checkpoints.map { .string($0) }),
            "serverKey": .object(serverKey.publicKey.jsonObject()),
        ])
    }

    init(events: [AuditEvent], checkpoints: [String], serverKey: JWK) {
        self.events = events
        self.checkpoints = checkpoints
        self.serverKey = serverKey
    }

    /// Reads an export; anything else is refused with the reason.
    init(bytes: [UInt8], path: String) throws {
        let value: JSONValue
        do { value = try JSONParser(limits: .init(maxBytes: Self.maxBytes, maxDepth: 96)).parse(bytes) } catch {
            throw CommandFailure("\(path): not JSON (\(error))")
        }
        guard let object = value.objectValue, object["countersign"]?.stringValue == Self.format,
              let events = object["events"]?.arrayValue, let checkpoints = object["checkpoints"]?.arrayValue,
              let key = object["serverKey"]?.objectValue
        else { throw CommandFailure("\(path): not an audit export ({\"countersign\":\"\(Self.format)\",\"events\",\"checkpoints\",\"serverKey\"})") }
        do {
            self.events = try events.enumerated().map { index, item in
                guard let event = item.objectValue else { throw CommandFailure("events[\(index)] is not an object") }
                return try AuditPage.event(event)
            }
            self.checkpoints = try checkpoints.map { item in
                guard let text = item.stringValue else { throw CommandFailure("a checkpoint is not a compact JWS string") }
                return text
            }
            serverKey = try JWK(key)
        } catch {
            throw CommandFailure("\(path): \(error)")
        }
    }
}
