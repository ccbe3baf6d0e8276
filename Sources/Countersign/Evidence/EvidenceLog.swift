import CountersignJSON
import CountersignTLog
import Foundation

/// The "log" member of an evidence/v2 bundle (docs/formats.md, docs/transparency.md): a checkpoint
/// of the transparency log with the witnesses' cosignatures, and the log entries the bundle
/// relies on (the statement's creation, every vote, every signer's key attestation or enrolment
/// and the passkey registrations behind them, any revocation of those), each with its inclusion
/// proof as c2sp.org/tlog-proof@v1 text.
public struct EvidenceLog: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        /// The entry's leaf index (an audit event's seq − 1).
        public let index: Int64
        /// The entry's bytes: the JCS of the audit event.
        public let entry: [UInt8]
        /// The inclusion proof, c2sp.org/tlog-proof@v1 text, leading to `checkpoint`.
        public let proof: String

        public init(index: Int64, entry: [UInt8], proof: String) {
            self.index = index
            self.entry = entry
            self.proof = proof
        }

        var jsonValue: JSONValue {
            .object(["index": .number(Double(index)), "entry": .string(Data(entry).base64EncodedString()), "proof": .string(proof)])
        }
    }

    /// The cosigned checkpoint, signed-note text.
    public let checkpoint: String
    public let entries: [Entry]

    /// Most entries a bundle may carry.
    public static let maximumEntries = 10_000

    public init(checkpoint: String, entries: [Entry]) {
        self.checkpoint = checkpoint
        self.entries = entries
    }

    var jsonValue: JSONValue {
        .object(["checkpoint": .string(checkpoint), "entries": .array(entries.map(\.jsonValue))])
    }

    /// Reads the "log" member strictly.
    init(json value: JSONValue?) throws(EvidenceBundleError) {
        guard let object = value?.objectValue, Set(object.keys) == ["checkpoint", "entries"] else {
            throw .malformed(path: "log", reason: "must be an object with exactly checkpoint and entries")
        }
        guard let checkpoint = object["checkpoint"]?.stringValue else { throw .malformed(path: "log.checkpoint", reason: "must be signed-note text") }
        guard let elements = object["entries"]?.arrayValue, elements.count <= Self.maximumEntries else {
            throw .malformed(path: "log.entries", reason: "must be an array of at most \(Self.maximumEntries) entries")
        }
        var entries: [Entry] = []
        for (offset, element) in elements.enumerated() {
            let path = "log.entries[\(offset)]"
            guard let entry = element.objectValue, Set(entry.keys) == ["index", "entry", "proof"] else {
                throw .malformed(path: path, reason: "must be an object with exactly index, entry and proof")
            }
            guard let index = entry["index"]?.integerValue, index >= 0 else { throw .malformed(path: path + ".index", reason: "must be a leaf index") }
            guard let text = entry["entry"]?.stringValue, let bytes = Data(base64Encoded: text), Data(bytes).base64EncodedString() == text else {
                throw .malformed(path: path + ".entry", reason: "must be standard base64 of the entry bytes")
            }
            guard let proof = entry["proof"]?.stringValue else { throw .malformed(path: path + ".proof", reason: "must be tlog-proof text") }
            entries.append(Entry(index: index, entry: Array(bytes), proof: proof))
        }
        self.init(checkpoint: checkpoint, entries: entries)
    }
}

/// The keys an evidence/v2 bundle is checked against: the log's vkey, the witnesses' vkeys and how
/// many of them must have cosigned the checkpoint.
public struct LogTrust: Sendable {
    public let logKey: NoteVerifierKey
    public let witnesses: [NoteVerifierKey]
    public let threshold: Int

    public init(logKey: NoteVerifierKey, witnesses: [NoteVerifierKey] = [], threshold: Int? = nil) {
        self.logKey = logKey
        self.witnesses = witnesses
        self.threshold = threshold ?? (witnesses.isEmpty ? 0 : 1)
    }
}
