import Countersign
import FuzzSupport

@main
enum FuzzStatementMain {
    static func main() { runLibFuzzer { data, size in fuzz(data, size) } }
}

/// libFuzzer entry point for statement documents (docs/policies.md), in both readings: free JSON
/// text (`init(json:)`) and the exact signed bytes (`init(canonicalBytes:)`). A statement that
/// parses is read back from its canonical bytes as an equal statement, and bytes accepted as
/// canonical are exactly the statement's canonical bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    if let signed = try? Statement(canonicalBytes: bytes) {
        precondition(signed.canonicalBytes == bytes, "canonical bytes accepted that are not the statement's")
    }
    guard let statement = try? Statement(json: bytes) else { return 0 }
    guard let again = try? Statement(canonicalBytes: statement.canonicalBytes) else {
        preconditionFailure("a statement's canonical bytes do not parse as canonical")
    }
    precondition(again == statement, "a statement changed on reparse")
    return 0
}
