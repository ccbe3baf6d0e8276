import Crypto
import RawStructuredFieldValues

/// RFC 9530 Content-Digest: the hash of the message content, as a structured dictionary
/// `sha-256=:BASE64:`. Covering this field in an RFC 9421 signature is what binds the body to it.
public enum ContentDigest {
    /// The field value for `body` with the given algorithms, e.g. `sha-256=:47DEQpj8…=:`.
    public static func fieldValue(for body: some Sequence<UInt8>, algorithms: [DigestAlgorithm] = [.sha256]) -> String {
        let bytes = Array(body)
        return algorithms.map { "\($0.rawValue)=:\(Base64.encode($0.digest(bytes))):" }.joined(separator: ", ")
    }

    /// Checks a Content-Digest field value against `body`.
    ///
    /// Unknown algorithms are ignored, as RFC 9530 asks; at least one supported algorithm must be
    /// present, and every supported one present must match (compared in constant time). A
    /// malformed field, a duplicate algorithm or a value that is not a byte sequence is an error.
    public static func verify(_ fieldValue: String, body: some Sequence<UInt8>) throws(HTTPSignatureError) {
        let members = try StructuredField.dictionary(fieldValue, field: "Content-Digest")
        let bytes = Array(body)
        var checked = 0
        for (name, member) in members {
            guard let algorithm = DigestAlgorithm(rawValue: name) else { continue }
            guard case .item(let item) = member, case .undecodedByteSequence(let encoded) = item.rfc9651BareItem,
                let expected = Base64.decode(encoded)
            else { throw .malformedField(field: "Content-Digest", reason: "\(name) is not a byte sequence") }
            guard constantTimeEqual(algorithm.digest(bytes), expected) else { throw .contentDigestMismatch }
            checked += 1
        }
        guard checked > 0 else { throw .contentDigestUnsupported }
    }

    /// Equality whose time depends only on the lengths, not on where the bytes differ.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
