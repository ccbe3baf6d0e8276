import CountersignJOSE
import CountersignJSON

/// A parsed JWK written as JSON (public part, and private part when it has one) parses back to a
/// key with the same thumbprint, kind and privacy (a symmetric key is all secret, so it stays
/// private); the thumbprint of its public part is the same.
public func checkJWK(_ key: JWK) {
    for includePrivate in key.isPrivate ? [false, true] : [false] {
        let text = JCS.canonicalize(.object(key.jsonObject(includePrivate: includePrivate)))
        guard let again = try? JWK(json: text) else {
            preconditionFailure("a JWK's own JSON does not parse: \(String(decoding: text, as: UTF8.self))")
        }
        precondition(again.thumbprint == key.thumbprint, "thumbprint changed on reparse")
        precondition(again.kind == key.kind, "key kind changed on reparse")
        precondition(again.isPrivate == (includePrivate || key.kind == .symmetric), "private part lost or invented on reparse")
    }
    precondition(key.publicKey.thumbprint == key.thumbprint, "the public part has another thumbprint")
}
