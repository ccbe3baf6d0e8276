import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignStore
import CountersignTLog
import Crypto
import Foundation
import Logging

/// The server's transparency log (docs/transparency.md): every audit event is an entry of a
/// Merkle tree log whose checkpoints the log key signs and independent witnesses cosign.
///
/// Writers only record pending events (`StoreTransaction.appendAudit`). `integrate` sequences
/// them into the hash chain and the tree; `publishCheckpoint` signs a checkpoint of the tree at
/// most once per `logCheckpointInterval`; the `LogSequencer` service does both in the background
/// on the instance that holds the lease, and `WitnessPool` gathers cosignatures. Everything else
/// here reads: checkpoints, tiles, entry bundles and proofs, all computed from the stored hashes.
public final class TransparencyLog: Sendable {
    public let origin: String
    let signer: NoteSigner
    let store: any Store
    let witnesses: WitnessPool
    private let checkpointInterval: TimeInterval
    private let logger: Logger
    /// Largest number of pending events one sequencing transaction takes.
    static let batchLimit = 512

    init(store: any Store, logKey: JWK, configuration: ServerConfiguration, logger: Logger) throws {
        guard case .ed25519(_, let privateKey?) = logKey.material else { throw TransparencyLogError.unusableKey }
        origin = configuration.effectiveLogOrigin
        signer = NoteSigner(name: origin, privateKey: privateKey)
        self.store = store
        checkpointInterval = configuration.logCheckpointInterval
        self.logger = logger
        witnesses = WitnessPool(
            witnesses: configuration.witnesses, threshold: configuration.effectiveWitnessThreshold, timeout: configuration.witnessTimeout,
            logger: logger)
    }

    /// The log's verifier key (vkey), for witnesses and verifiers to pin.
    public var verifierKey: NoteVerifierKey { signer.verifierKey }

    /// The vkey of the log whose private JWK is `logKey` under `origin`.
    public static func verifierKey(logKey: JWK, origin: String) throws -> NoteVerifierKey {
        guard case .ed25519(let publicKey, _) = logKey.material else { throw TransparencyLogError.unusableKey }
        return NoteVerifierKey(name: origin, type: .ed25519, publicKey: publicKey)
    }

    // MARK: Sequencing and checkpoints

    /// Sequences every event recorded (committed) before the call, in batches; returns the tree's
    /// size. Any instance may call it: batches serialise on the log's state row.
    @discardableResult
    public func integrate() async throws -> Int64 {
        while true {
            let batch = try await store.write { try await $0.sequencePendingAudit(limit: Self.batchLimit) }
            if !batch.more { return batch.size }
        }
    }

    /// Signs and stores a checkpoint of the current tree when it grew since the last one and the
    /// last one is at least `logCheckpointInterval` old (or `force`). Returns the latest checkpoint.
    @discardableResult
    func publishCheckpoint(now: Date, force: Bool = false) async throws -> LogCheckpointRecord? {
        let (size, latest) = try await store.read { reader in (try await reader.logSize(), try await reader.latestLogCheckpoint()) }
        if let latest {
            guard size > latest.size else { return latest }
            guard force || now.timeIntervalSince(latest.at) >= checkpointInterval else { return latest }
        }
        let root = try await self.root(size: size)
        let text = Checkpoint(origin: origin, size: size, root: root).text
        let note = SignedNote(text: text, signatures: [try signer.sign(text)])
        let record = LogCheckpointRecord(size: size, root: root, note: note.serialized, at: now)
        do {
            try await store.write { try await $0.insertLogCheckpoint(record) }
        } catch StoreError.duplicate {
            // Another instance signed this size meanwhile: the same tree, so the same checkpoint text.
        }
        return record
    }

    /// Sends the latest checkpoint to every witness whose cosignature it lacks, stores the
    /// cosignatures returned, and audits a witness that starts or stops refusing
    /// (`log.witness_refused`, `log.witness_cosigning`).
    func witnessLatest(now: Date) async throws {
        guard !witnesses.isEmpty, let latest = try await latestCheckpoint(), latest.cosignatures.count < witnesses.count else { return }
        let (lines, transitions) = await witnesses.cosign(latest, log: self, now: now)
        for (name, line) in lines {
            try await store.write { try await $0.storeCosignature(size: latest.size, witness: name, line: line, at: now) }
        }
        for transition in transitions {
            try await store.write { tx in
                var details: JSONObject = ["witness": .string(transition.witness), "size": .number(Double(latest.size))]
                if let refusal = transition.refusal { details["reason"] = .string(refusal) }
                try await tx.appendAudit(
                    actor: "server", action: transition.refusal == nil ? "log.witness_cosigning" : "log.witness_refused",
                    subject: transition.witness, details: .object(details), at: now)
            }
        }
    }

    /// `integrate`, before a read that should see what was recorded before it (the audit pages,
    /// evidence, a new webhook's starting point). When the database takes no writes (read-only,
    /// disk full, unreachable for writes) the read goes on with what is already sequenced: reads
    /// must keep working, and the events still pending are sequenced once writes are back.
    func integrateBeforeReading() async {
        do {
            try await integrate()
        } catch {
            logger.warning("cannot sequence pending audit events before a read", metadata: ["error": "\(error)"])
        }
    }

    // MARK: Reading

    public func latestCheckpoint() async throws -> LogCheckpointRecord? {
        try await store.read { try await $0.latestLogCheckpoint() }
    }

    /// MTH of the tree's first `size` entries.
    public func root(size: Int64) async throws -> MerkleHash {
        try await store.read { reader in try await MerkleTree.root(size: size, from: Self.source(reader)) }
    }

    /// The inclusion proof of entry `index` in the tree of `size` entries.
    public func inclusionProof(index: Int64, size: Int64) async throws -> [MerkleHash] {
        try await store.read { reader in try await MerkleTree.inclusionProof(index: index, size: size, from: Self.source(reader)) }
    }

    /// The inclusion proofs of entries `indexes` in the tree of `size` entries, their stored
    /// hashes read together (`MerkleTree.inclusionProofs`).
    func inclusionProofs(indexes: [Int64], size: Int64) async throws -> [[MerkleHash]] {
        try await store.read { reader in
            try await MerkleTree.inclusionProofs(indexes: indexes, size: size) { runs in try await reader.logHashes(runs) }
        }
    }

    /// The consistency proof from the tree of `oldSize` entries to the one of `newSize`.
    public func consistencyProof(oldSize: Int64, newSize: Int64) async throws -> [MerkleHash] {
        try await store.read { reader in
            try await MerkleTree.consistencyProof(oldSize: oldSize, newSize: newSize, from: Self.source(reader))
        }
    }

    /// The hashes of a tile of the tree as it stands (nil when the tree has no such tile yet).
    func tile(_ path: TilePath) async throws -> [UInt8]? {
        guard let level = path.level else { return nil }
        return try await store.read { reader in
            let size = try await reader.logSize()
            let start = path.index * TileGeometry.width
            guard start + Int64(path.width) <= TileGeometry.hashCount(level: level, size: size) else { return nil }
            return try await reader.logHashes(level: level, indexes: start ..< start + Int64(path.width)).flatMap(\.bytes)
        }
    }

    /// An entry bundle: each entry's length as a big-endian 16-bit number, then its bytes.
    func entryBundle(_ path: TilePath) async throws -> [UInt8]? {
        guard path.level == nil else { return nil }
        return try await store.read { reader in
            let size = try await reader.logSize()
            let start = path.index * TileGeometry.width
            guard start + Int64(path.width) <= size else { return nil }
            let events = try await reader.auditEvents(after: start, limit: path.width)
            guard events.count == path.width else { throw TransparencyLogError.missingEntries(from: start) }
            var bundle: [UInt8] = []
            for event in events {
                let entry = event.logEntry
                guard entry.count <= Int(UInt16.max) else { throw TransparencyLogError.entryTooLarge(seq: event.seq) }
                bundle += [UInt8(entry.count >> 8), UInt8(entry.count & 0xff)] + entry
            }
            return bundle
        }
    }

    static func source(_ reader: any StoreReader) -> TileHashSource {
        TileHashSource { level, indexes in try await reader.logHashes(level: level, indexes: indexes) }
    }
}

/// Why the log could not do what was asked.
enum TransparencyLogError: Error, CustomStringConvertible {
    case unusableKey
    case missingEntries(from: Int64)
    case entryTooLarge(seq: Int64)

    var description: String {
        switch self {
        case .unusableKey: "the log key is not a private Ed25519 key"
        case .missingEntries(let from): "the log is missing entries from index \(from)"
        case .entryTooLarge(let seq): "audit event \(seq) is larger than a log entry may be"
        }
    }
}
