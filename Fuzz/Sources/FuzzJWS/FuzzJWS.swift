import CountersignJOSE
import FuzzSupport

/// Runs libFuzzer on `fuzz` (see scripts/fuzz).
@main
enum FuzzJWSMain {
    static func main() { runLibFuzzer(fuzz) }
}

/// libFuzzer entry point for JWS parsing in every serialization (compact, flattened and general
/// JSON): a parsed JWS re-serialises (general always; flattened and compact when they apply) to
/// text that parses to the same payload and signatures.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    guard let jws = try? JWS(parsing: bytes) else { return 0 }
    var texts = [jws.generalSerialization()]
    if let flattened = try? jws.flattenedSerialization() { texts.append(flattened) }
    if let compact = try? jws.compactSerialization() { texts.append(Array(compact.utf8)) }
    for text in texts {
        guard let again = try? JWS(parsing: text) else {
            preconditionFailure("a re-serialised JWS does not parse: \(String(decoding: text, as: UTF8.self))")
        }
        precondition(again.payload == jws.payload && again.encodedPayload == jws.encodedPayload, "payload changed")
        precondition(again.signatures.count == jws.signatures.count, "signature count changed")
        for (old, new) in zip(jws.signatures, again.signatures) {
            precondition(old.encodedSignature == new.encodedSignature && old.signature == new.signature, "signature changed")
            precondition(old.protectedHeader == new.protectedHeader, "protected header changed")
            precondition(old.unprotectedHeader == new.unprotectedHeader, "unprotected header changed")
            precondition((old.problem == nil) == (new.problem == nil), "a signature problem appeared or vanished")
        }
    }
    return 0
}
