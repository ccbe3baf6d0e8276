/// A c2sp.org/tlog-proof@v1: the index of an entry, its inclusion proof and the (cosigned)
/// checkpoint the proof leads to; verifiable offline given the entry and trusted keys.
public struct TLogProof: Sendable, Hashable {
    public static let header = "c2sp.org/tlog-proof@v1"

    public let extra: [UInt8]?
    public let index: Int64
    public let proof: [MerkleHash]
    /// The checkpoint as a signed note, included verbatim.
    public let checkpoint: SignedNote

    public init(extra: [UInt8]? = nil, index: Int64, proof: [MerkleHash], checkpoint: SignedNote) {
        self.extra = extra
        self.index = index
        self.proof = proof
        self.checkpoint = checkpoint
    }

    public var text: String {
        var lines = [Self.header]
        if let extra { lines.append("extra " + Base64.encode(extra)) }
        lines.append("index \(index)")
        lines += proof.map(\.base64)
        return lines.map { $0 + "\n" }.joined() + "\n" + checkpoint.serialized
    }

    /// Parses the text strictly; at most 63 proof hashes.
    public init(text: String) throws(NoteError) {
        guard text.utf8.count <= SignedNote.maximumBytes + 4096 else { throw .tooLarge }
        guard let blank = text.range(of: "\n\n") else { throw .malformed("no blank line before the checkpoint") }
        var lines = text[..<blank.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard lines.popFirst() == Substring(Self.header) else { throw .malformed("the first line is not \(Self.header)") }
        var extra: [UInt8]?
        if let line = lines.first, line.hasPrefix("extra ") {
            guard let bytes = Base64.decode(line.dropFirst(6)) else { throw .malformed("the extra line is not base64") }
            extra = bytes
            lines = lines.dropFirst()
        }
        guard let indexLine = lines.popFirst(), indexLine.hasPrefix("index ") else { throw .malformed("no index line") }
        let digits = indexLine.dropFirst(6)
        guard !digits.isEmpty, digits.count <= 19, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits == "0" || digits.first != "0",
            let index = Int64(digits)
        else { throw .malformed("the index is not a decimal number") }
        guard lines.count <= 63 else { throw .malformed("more than 63 proof hashes") }
        var proof: [MerkleHash] = []
        for line in lines {
            guard let hash = MerkleHash(base64: line) else { throw .malformed("a proof line is not base64 of 32 bytes") }
            proof.append(hash)
        }
        self.init(extra: extra, index: index, proof: proof, checkpoint: try SignedNote(parsing: String(text[blank.upperBound...])))
    }
}

extension TLogProof {
    /// Verifies the proof for `entry`: the checkpoint against the log key and witness policy
    /// (`VerifiedCheckpoint.verify`), then the inclusion of the entry's leaf hash at `index`.
    public func verify(
        entry: [UInt8], logKey: NoteVerifierKey, witnesses: [NoteVerifierKey] = [], threshold: Int = 0
    ) throws(TLogProofError) -> VerifiedCheckpoint {
        let verified: VerifiedCheckpoint
        do {
            verified = try VerifiedCheckpoint.verify(checkpoint, logKey: logKey, witnesses: witnesses, threshold: threshold)
        } catch {
            throw .checkpoint(error)
        }
        let head = verified.checkpoint
        guard MerkleTree.verifyInclusion(leafHash: .leaf(entry), index: index, size: head.size, proof: proof, root: head.root) else {
            throw .notIncluded(index: index, size: head.size)
        }
        return verified
    }
}

/// Why a tlog proof does not verify.
public enum TLogProofError: Error, Sendable, Equatable, CustomStringConvertible {
    case checkpoint(CheckpointError)
    case notIncluded(index: Int64, size: Int64)

    public var description: String {
        switch self {
        case .checkpoint(let error): error.description
        case .notIncluded(let index, let size): "the inclusion proof does not show the entry at index \(index) in the checkpoint's tree of \(size) entries"
        }
    }
}
