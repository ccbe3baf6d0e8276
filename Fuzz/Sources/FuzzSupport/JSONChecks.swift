import CountersignJSON

/// JCS bytes are a fixed point: they parse strictly again (as I-JSON) to the same value, and
/// canonicalising that gives the same bytes. Returns the canonical bytes.
@discardableResult
public func checkCanonical(_ value: JSONValue) -> [UInt8] {
    let canonical = JCS.canonicalize(value)
    guard let again = try? JSONParser(limits: .init(maxBytes: Int.max, maxDepth: Int.max)).parse(canonical) else {
        preconditionFailure("JCS output does not parse: \(String(decoding: canonical, as: UTF8.self))")
    }
    precondition(JCS.canonicalize(again) == canonical, "JCS is not idempotent")
    return canonical
}
