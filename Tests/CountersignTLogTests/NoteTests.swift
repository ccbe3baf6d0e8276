import Crypto
import CountersignTLog
import Testing

@Suite("Signed notes, verifier keys, checkpoints, cosignatures and tlog proofs (C2SP)")
struct NoteTests {
    /// The example of C2SP signed-note: a vkey and the note it verifies.
    static let exampleKey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
    static let exampleNote = "This is an example message.\n\n\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"

    @Test("the specification's example note verifies with its vkey, and not when changed")
    func specificationExample() throws {
        let key = try NoteVerifierKey(Self.exampleKey)
        #expect(key.description == Self.exampleKey)
        let note = try SignedNote(parsing: Self.exampleNote)
        #expect(note.text == "This is an example message.\n")
        #expect(note.serialized == Self.exampleNote)
        #expect(key.verify(note) == .valid(timestamp: nil))
        let changed = try SignedNote(parsing: Self.exampleNote.replacingOccurrences(of: "example message", with: "exemplary message"))
        #expect(key.verify(changed) == .invalid)
    }

    @Test("a vkey whose key holds '+' in base64 parses")
    func plusInKey() throws {
        for _ in 0..<64 {
            let signer = NoteSigner(name: "witness.example/w", type: .cosignatureV1, privateKey: .init())
            #expect(try NoteVerifierKey(signer.verifierKey.description) == signer.verifierKey)
        }
    }

    @Test("vkeys whose ID does not match, or with the wrong type or length, are refused")
    func badVerifierKeys() {
        for text in [
            "example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
            "example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
            "example.com/foo+530d903a+AkyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
            "example.com/bar+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
            "example.com/foo+530d903a",
            "example com+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
        ] {
            #expect(throws: NoteError.self, "\(text)") { try NoteVerifierKey(text) }
        }
    }

    @Test("malformed notes are refused")
    func malformedNotes() {
        let signature = "\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"
        for text in [
            "no blank line\n" + signature,
            "text\n\n" + signature.dropLast(),
            "text\n\n- example.com/foo AAAAAAA=\n",
            "text\u{1}\n\n" + signature,
            "text\n\n",
            "text\n\n\u{2014} example.com/foo AAAA\n",
        ] {
            #expect(throws: NoteError.self, "\(text)") { try SignedNote(parsing: text) }
        }
    }

    @Test("a checkpoint signed by the log and cosigned by a witness verifies with the right policy only")
    func checkpointAndCosignature() throws {
        let log = NoteSigner(name: "example.com/log", privateKey: .init())
        let witness = NoteSigner(name: "witness.example/w1", type: .cosignatureV1, privateKey: .init())
        let other = NoteSigner(name: "witness.example/w2", type: .cosignatureV1, privateKey: .init())
        let checkpoint = Checkpoint(origin: "example.com/log", size: 3, root: .leaf([1]))
        var note = SignedNote(text: checkpoint.text, signatures: [try log.sign(checkpoint.text)])
        #expect(try Checkpoint(text: note.text) == checkpoint)

        #expect(throws: CheckpointError.notEnoughCosignatures(found: 0, needed: 1)) {
            try VerifiedCheckpoint.verify(note, logKey: log.verifierKey, witnesses: [witness.verifierKey], threshold: 1)
        }
        note.add([try witness.sign(note.text, timestamp: 1_700_000_000)])
        let reparsed = try SignedNote(parsing: note.serialized)
        let verified = try VerifiedCheckpoint.verify(reparsed, logKey: log.verifierKey, witnesses: [witness.verifierKey, other.verifierKey], threshold: 1)
        #expect(verified.cosigners == [witness.verifierKey])
        #expect(witness.verifierKey.verify(reparsed) == .valid(timestamp: 1_700_000_000))
        #expect(throws: CheckpointError.notEnoughCosignatures(found: 1, needed: 2)) {
            try VerifiedCheckpoint.verify(reparsed, logKey: log.verifierKey, witnesses: [witness.verifierKey, other.verifierKey], threshold: 2)
        }
        // A cosignature over another time does not verify: the timestamp is signed.
        let cosignature = note.signatures[1]
        var shifted = cosignature.signature
        shifted[7] ^= 1
        let forged = SignedNote(text: note.text, signatures: [note.signatures[0], NoteSignature(name: cosignature.name, keyID: cosignature.keyID, signature: shifted)])
        #expect(throws: CheckpointError.badCosignature("witness.example/w1")) {
            try VerifiedCheckpoint.verify(forged, logKey: log.verifierKey, witnesses: [witness.verifierKey], threshold: 1)
        }
        // Another log's key, or another origin, is not this log.
        let impostor = NoteSigner(name: "example.com/log", privateKey: .init())
        #expect(throws: CheckpointError.notSignedByLog) { try VerifiedCheckpoint.verify(note, logKey: impostor.verifierKey) }
        let elsewhere = Checkpoint(origin: "example.com/other", size: 3, root: .leaf([1]))
        let misplaced = SignedNote(text: elsewhere.text, signatures: [try log.sign(elsewhere.text)])
        #expect(throws: CheckpointError.wrongOrigin("example.com/other", expected: "example.com/log")) {
            try VerifiedCheckpoint.verify(misplaced, logKey: log.verifierKey)
        }
    }

    @Test("checkpoint bodies are read strictly")
    func checkpointParsing() {
        let root = MerkleHash.empty.base64
        for text in ["o\n01\n\(root)\n", "o\n-1\n\(root)\n", "o\n1\nAAAA\n", "o\n1\n\(root)", "o\n1\n", "o\n1\n\(root)\n\n"] {
            #expect(throws: NoteError.self, "\(text)") { try Checkpoint(text: text) }
        }
    }

    @Test("a tlog proof round-trips and verifies the entry it was made for only")
    func tlogProof() async throws {
        let log = NoteSigner(name: "example.com/log", privateKey: .init())
        let tree = InMemoryTree()
        let entries = MerkleTreeTests.entries(0..<10)
        try await tree.append(entries)
        let source = await tree.source()
        let root = try await MerkleTree.root(size: 10, from: source)
        let checkpoint = Checkpoint(origin: "example.com/log", size: 10, root: root)
        let note = SignedNote(text: checkpoint.text, signatures: [try log.sign(checkpoint.text)])
        let proof = TLogProof(extra: [1, 2], index: 6, proof: try await MerkleTree.inclusionProof(index: 6, size: 10, from: source), checkpoint: note)
        let parsed = try TLogProof(text: proof.text)
        #expect(parsed == proof)
        _ = try parsed.verify(entry: entries[6], logKey: log.verifierKey)
        #expect(throws: TLogProofError.notIncluded(index: 6, size: 10)) { try parsed.verify(entry: entries[5], logKey: log.verifierKey) }
    }

    @Test("tile paths are encoded and parsed as tlog-tiles writes them")
    func tilePaths() {
        #expect(TilePath.encode(1_234_067) == "x001/x234/067")
        #expect(TilePath.encode(0) == "000")
        #expect(TilePath(level: 0, index: 1_234_067, width: 256).description == "tile/0/x001/x234/067")
        #expect(TilePath(level: nil, index: 5, width: 17).description == "tile/entries/005.p/17")
        func parse(_ path: String) -> TilePath? { TilePath(elements: path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { $0 }) }
        #expect(parse("tile/0/x001/x234/067") == TilePath(level: 0, index: 1_234_067, width: 256))
        #expect(parse("tile/2/000.p/1") == TilePath(level: 2, index: 0, width: 1))
        #expect(parse("tile/entries/x001/000.p/255") == TilePath(level: nil, index: 1000, width: 255))
        for bad in ["tile/0/1", "tile/0/0001", "tile/00/000", "tile/0/x000/001", "tile/0/001/234", "tile/0/000.p/0", "tile/0/000.p/256",
                    "tile/0/000.p/01", "tile/64/000", "tile/0/x01/000", "tile/0", "tile/entries/abc"] {
            #expect(parse(bad) == nil, "\(bad)")
        }
    }
}
