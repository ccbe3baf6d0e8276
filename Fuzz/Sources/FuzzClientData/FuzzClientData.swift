import CountersignJSON
import CountersignWebAuthn
import FuzzSupport

/// Runs libFuzzer on `fuzz` (see scripts/fuzz).
@main
enum FuzzClientDataMain {
    static func main() { runLibFuzzer(fuzz) }
}

/// libFuzzer entry point for clientDataJSON: parsed client data keeps its exact bytes, and its
/// challenge is the base64url decoding of the "challenge" member, which re-encodes to the same text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    guard let client = try? CollectedClientData(bytes: bytes) else { return 0 }
    precondition(client.raw == bytes, "raw differs from the input")
    precondition(client.hash.count == 32, "clientDataHash is not 32 bytes")
    guard let object = try? JSONParser().parse(bytes).objectValue else { preconditionFailure("accepted client data is not an object") }
    precondition(object["challenge"]?.stringValue == Base64URL.encode(client.challenge), "challenge is not canonical base64url")
    precondition(object["origin"]?.stringValue == client.origin, "origin differs")
    return 0
}
