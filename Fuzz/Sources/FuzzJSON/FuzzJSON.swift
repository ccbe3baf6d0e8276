import CountersignJSON
import FuzzSupport

/// Runs libFuzzer on `fuzz` (see scripts/fuzz).
@main
enum FuzzJSONMain {
    static func main() { runLibFuzzer(fuzz) }
}

/// libFuzzer entry point for the strict (I-JSON) parser and JCS (RFC 8785): accepted text has
/// canonical bytes that parse again to a value with the same canonical bytes (idempotence), and
/// JCS.canonicalize(json:) agrees with parse-then-canonicalize.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    guard let value = try? JSONParser().parse(bytes) else { return 0 }
    let canonical = checkCanonical(value)
    precondition((try? JCS.canonicalize(json: bytes)) == canonical, "canonicalize(json:) differs")
    return 0
}
