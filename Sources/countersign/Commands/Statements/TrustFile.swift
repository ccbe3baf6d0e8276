import CountersignJOSE
import CountersignJSON

/// A verifier's trust file (docs/formats.md, "Trust file"): the server keys that
/// `countersign verify --trust FILE` accepts as signers of receipts, pinned once and kept.
///
///     {"format": "countersign-trust/v1", "serverKeys": [ {public Ed25519 JWK}, … ],
///      "logKey": "origin+id+key", "witnesses": ["name+id+key", …], "witnessThreshold": N}
///
/// "logKey", "witnesses" and "witnessThreshold" (optional) pin the transparency log the bundle's
/// proofs must lead to (docs/transparency.md); "serverKeys" may then be empty.
/// Strict, because it decides what is trusted: exactly those two members, the format string
/// exactly, at least one key, each a public JWK (private material is refused: a trust file is
/// shared and copied, a private key does not belong in it), and a key's "kid", when present, must be
/// its RFC 7638 thumbprint. Several keys let a verifier trust a server across a key change.
struct TrustFile {
    static let format = "countersign-trust/v1"

    /// The trusted server keys (public).
    let serverKeys: [JWK]
    /// The log's vkey, the witnesses' vkeys and their threshold, when pinned.
    let logKey: String?
    let witnesses: [String]
    let witnessThreshold: Int?

    /// Parses a trust file; `source` names it in errors.
    init(json bytes: [UInt8], source: String) throws(TrustFileError) {
        let value: JSONValue
        do { value = try JSONParser().parse(bytes) } catch { throw TrustFileError(source, "not JSON: \(error)") }
        guard let object = value.objectValue else { throw TrustFileError(source, "a trust file is a JSON object") }
        let unknown = object.keys.filter { !["format", "serverKeys", "logKey", "witnesses", "witnessThreshold"].contains($0) }.sorted()
        guard unknown.isEmpty else { throw TrustFileError(source, "unknown member(s) \(unknown.joined(separator: ", "))") }
        guard object["format"]?.stringValue == Self.format else {
            throw TrustFileError(source, "\"format\" must be \"\(Self.format)\"")
        }
        if let logKey = object["logKey"] {
            guard let text = logKey.stringValue else { throw TrustFileError(source, "\"logKey\" must be a vkey string") }
            self.logKey = text
        } else {
            self.logKey = nil
        }
        guard let witnessList = (object["witnesses"] ?? .array([])).arrayValue, witnessList.allSatisfy({ $0.stringValue != nil }) else {
            throw TrustFileError(source, "\"witnesses\" must be an array of vkey strings")
        }
        witnesses = witnessList.compactMap(\.stringValue)
        if let threshold = object["witnessThreshold"] {
            guard let value = threshold.integerValue, value >= 0, value <= Int64(witnesses.count) else {
                throw TrustFileError(source, "\"witnessThreshold\" must be a whole number from 0 to the number of witnesses")
            }
            witnessThreshold = Int(value)
        } else {
            witnessThreshold = nil
        }
        guard let entries = object["serverKeys"]?.arrayValue, !entries.isEmpty || self.logKey != nil else {
            throw TrustFileError(source, "\"serverKeys\" must be a non-empty array of public JWKs (or the file must pin a logKey)")
        }
        var keys: [JWK] = []
        for (index, entry) in entries.enumerated() {
            guard let jwkObject = entry.objectValue else { throw TrustFileError(source, "serverKeys[\(index)] is not a JSON object") }
            let key: JWK
            do { key = try JWK(json: JCS.canonicalize(.object(jwkObject))) } catch {
                throw TrustFileError(source, "serverKeys[\(index)] is not a JWK: \(error)")
            }
            guard !key.isPrivate else { throw TrustFileError(source, "serverKeys[\(index)] holds private key material") }
            if let kid = jwkObject["kid"], kid.stringValue != key.thumbprint {
                throw TrustFileError(source, "serverKeys[\(index)]: \"kid\" is not the key's thumbprint \(key.thumbprint)")
            }
            keys.append(key)
        }
        serverKeys = keys
    }
}

/// Why a trust file is refused.
struct TrustFileError: Error, CustomStringConvertible {
    let source: String
    let reason: String

    init(_ source: String, _ reason: String) {
        self.source = source
        self.reason = reason
    }

    var description: String { "\(source): \(reason)" }
}
