import Countersign
import CountersignJSON
import FuzzSupport

@main
enum FuzzPolicyMain {
    static func main() { runLibFuzzer { data, size in fuzz(data, size) } }
}

/// libFuzzer entry point for policy documents (docs/policies.md): quorum levels,
/// nested policies, waits, durations. A policy that parses gives back an equal policy from its own
/// JSON, and its canonical bytes are the JCS bytes of the text it was read from (no field is
/// dropped, added or respelled). The ISO 8601 duration parser sees the input as text too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    if let duration = try? ISODuration(String(decoding: bytes, as: UTF8.self)) {
        precondition((try? ISODuration(duration.text)) == duration, "a duration does not parse from its own text")
    }
    guard let policy = try? Policy(json: bytes) else { return 0 }
    guard let again = try? Policy(json: policy.jsonValue) else { preconditionFailure("a policy's own JSON does not parse") }
    precondition(again == policy, "a policy changed on reparse")
    guard let canonicalInput = try? JCS.canonicalize(json: bytes) else { preconditionFailure("a parsed policy is not JSON") }
    precondition(policy.canonicalBytes == canonicalInput, "a policy's canonical bytes differ from its input's")
    return 0
}
