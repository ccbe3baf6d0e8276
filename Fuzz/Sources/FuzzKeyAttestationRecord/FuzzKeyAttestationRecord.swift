import Countersign
import CountersignJOSE
import Foundation
import FuzzSupport

@main
enum FuzzKeyAttestationRecordMain {
    static func main() { runLibFuzzer { data, size in fuzz(data, size) } }
}

/// libFuzzer entry point for key attestation records (docs/formats.md), both forms: a passkey
/// assertion and an admin-token enrolment. A record that parses is read back from its canonical
/// bytes as a record with the same canonical bytes, and its key is a public key.
///
/// `Timestamp.parse`, which reads the record's times and the expiry a client sends with a new
/// statement, sees the input as text: a time it accepts is written in the canonical form, which
/// parses again and is written the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    if let date = Timestamp.parse(String(decoding: bytes, as: UTF8.self)) {
        let text = Timestamp.format(date)
        precondition(Timestamp.parse(text).map(Timestamp.format) == text, "\(text) does not read back as itself")
    }
    guard let record = try? KeyAttestationRecord(json: bytes) else { return 0 }
    precondition(!record.jwk.isPrivate, "a record kept a private key")
    guard let again = try? KeyAttestationRecord(json: record.canonicalBytes) else {
        preconditionFailure("a record's canonical bytes do not parse")
    }
    precondition(again.canonicalBytes == record.canonicalBytes, "a record changed on reparse")
    return 0
}
