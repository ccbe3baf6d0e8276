import Crypto
import CountersignWebAuthn

/// A "none" attestation object as a passkey registration sends it (authenticator data with an
/// attested P-256 credential), padded with an x5c-sized byte string in attStmt when `certificate`
/// is given, so that both the common size and a packed-attestation size are measured.
public struct CBORFixture: Sendable {
    public let bytes: [UInt8]

    public init(certificateBytes: Int = 0) {
        let point = Array(P256.Signing.PrivateKey().publicKey.x963Representation.dropFirst())
        let coseKey = CBOREncoder.encode(.map(CBORMap(entries: [
            .init(key: .int(1), value: .int(2)), .init(key: .int(3), value: .int(-7)), .init(key: .int(-1), value: .int(1)),
            .init(key: .int(-2), value: .bytes(Array(point[0..<32]))), .init(key: .int(-3), value: .bytes(Array(point[32...]))),
        ])))
        var authenticatorData = Array(SHA256.hash(data: Array("countersign.example".utf8)))
        authenticatorData.append(0x45) // UP, UV, AT
        authenticatorData.append(contentsOf: [0, 0, 0, 0])
        authenticatorData.append(contentsOf: [UInt8](repeating: 0xAA, count: 16)) // AAGUID
        authenticatorData.append(contentsOf: [0, 32])
        authenticatorData.append(contentsOf: (0..<32).map { UInt8($0) })
        authenticatorData.append(contentsOf: coseKey)
        let statement: CBORValue = certificateBytes > 0
            ? .map(CBORMap(entries: [
                .init(key: .text("alg"), value: .int(-7)),
                .init(key: .text("sig"), value: .bytes([UInt8](repeating: 0x30, count: 72))),
                .init(key: .text("x5c"), value: .array([.bytes([UInt8](repeating: 0x30, count: certificateBytes))])),
            ]))
            : .map(CBORMap(entries: []))
        bytes = CBOREncoder.encode(.map(CBORMap(entries: [
            .init(key: .text("fmt"), value: .text(certificateBytes > 0 ? "packed" : "none")),
            .init(key: .text("attStmt"), value: statement),
            .init(key: .text("authData"), value: .bytes(authenticatorData)),
        ])))
    }

    /// The path: Countersign's strict, bounded CBOR decoding of the whole attestation object.
    public func decode() -> Bool {
        (try? CBORDecoder().decode(bytes)) != nil
    }

    /// The baseline: SHA-256 of the same bytes.
    public func hash() -> Int {
        SHA256.hash(data: bytes).withUnsafeBytes { Int($0[0]) }
    }
}
