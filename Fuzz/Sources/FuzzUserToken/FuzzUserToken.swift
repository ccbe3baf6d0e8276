import Countersign
import CountersignJOSE
import CountersignJSON
import Foundation
import FuzzSupport

@main
enum FuzzUserTokenMain {
    static func main() { runLibFuzzer { data, size in fuzz(data, size) } }
}

/// A fixed ADMIN_KEY and clock, so that runs are reproducible.
let adminKey = [UInt8](repeating: 0x5A, count: UserToken.adminKeyLength)
let now = Date(timeIntervalSince1970: 1_800_000_000)

/// libFuzzer entry point for admin-signed user tokens (docs/http-signatures.md). The input is tried twice: as
/// a whole token, which must verify or be refused with a `UserTokenError`, and as the claims of a
/// token correctly MACed with the fixed ADMIN_KEY, which is how the fuzzer reaches the claim
/// checks behind the MAC. A token that verifies gives claims that, signed again, verify to the
/// same claims; and the same token under another ADMIN_KEY is refused.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    check(String(decoding: bytes, as: UTF8.self))
    let header = Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
    let input = header + "." + Base64URL.encode(bytes)
    guard let hmacKey = try? JWK(["kty": "oct", "k": .string(Base64URL.encode(adminKey))]),
        let mac = try? SignaturePrimitives.sign(Array(input.utf8), algorithm: .hs256, key: hmacKey.material)
    else {
        preconditionFailure("HS256 with a 32-byte key failed")
    }
    check(input + "." + Base64URL.encode(mac))
    return 0
}

/// Verifies `token`; when it verifies, checks the round trip and that another key refuses it.
func check(_ token: String) {
    guard let claims = try? UserToken.verify(token, adminKey: adminKey, now: now) else { return }
    precondition(claims.publicKey.count == 32, "public_key is \(claims.publicKey.count) bytes")
    precondition(claims.expiresAt > now, "an expired token verified")
    guard let resigned = try? claims.signed(adminKey: adminKey), let again = try? UserToken.verify(resigned, adminKey: adminKey, now: now)
    else { preconditionFailure("re-signed claims do not verify") }
    precondition(again == claims, "claims changed on re-signing")
    let otherKey = adminKey.map { $0 ^ 0x01 }
    precondition((try? UserToken.verify(token, adminKey: otherKey, now: now)) == nil, "a token verified under another ADMIN_KEY")
}
