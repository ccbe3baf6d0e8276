import CountersignJOSE
import CountersignJSON
import FuzzSupport

/// Runs libFuzzer on `fuzz` (see scripts/fuzz).
@main
enum FuzzJWKMain {
    static func main() { runLibFuzzer(fuzz) }
}

/// libFuzzer entry point for JWK and JWK Set parsing: a parsed key round-trips through its JSON with
/// a stable RFC 7638 thumbprint (checkJWK); a parsed set keeps its keys when written and read back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    if let key = try? JWK(json: bytes) { checkJWK(key) }
    if let set = try? JWKSet(json: bytes) {
        precondition(set.keys.count <= JWKSet.maxKeys, "too many keys")
        guard let again = try? JWKSet(json: JCS.canonicalize(.object(set.jsonObject))) else {
            preconditionFailure("a JWK set's own JSON does not parse")
        }
        precondition(again.keys.map(\.thumbprint) == set.keys.map(\.thumbprint), "keys changed on reparse")
    }
    return 0
}
