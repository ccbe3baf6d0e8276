import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras
@testable import CountersignWebAuthn

/// Synthetic attestation material: keys, certificates and authenticator data made in the test, so
/// that each rule of a format can be broken on its own while everything else stays valid.
enum AttestationFixtures {
    static let rpIDHash = Array(SHA256.hash(data: Array("countersign.example".utf8)))
    static let aaguid: [UInt8] = [0xCB, 0x69, 0x48, 0x1E, 0x8F, 0xF7, 0x40, 0x39, 0x93, 0xEC, 0x0A, 0x27, 0x29, 0xA1, 0x54, 0xA8]
    static let otherAAGUID: [UInt8] = [UInt8](repeating: 0x11, count: 16)
    static let clientDataHash = Array(SHA256.hash(data: Array(#"{"type":"webauthn.create","challenge":"AAAA"}"#.utf8)))
    static let credentialID: [UInt8] = Array(1...20)
    /// The instant the synthetic certificates are valid around.
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    // MARK: Credential keys and authenticator data

    /// The COSE_Key of an ES256 credential.
    static func coseKey(_ key: P256.Signing.PublicKey) -> [UInt8] {
        let point = Array(key.x963Representation)
        return CBOREncoder.encode(.map(CBORMap(entries: [
            CBORMapEntry(key: .int(1), value: .int(2)), CBORMapEntry(key: .int(3), value: .int(-7)),
            CBORMapEntry(key: .int(-1), value: .int(1)), CBORMapEntry(key: .int(-2), value: .bytes(Array(point[1...32]))),
            CBORMapEntry(key: .int(-3), value: .bytes(Array(point[33...]))),
        ])))
    }

    /// The COSE_Key of an RS256 credential.
    static func coseKey(_ key: _RSA.Signing.PublicKey) throws -> [UInt8] {
        let primitives = try key.getKeyPrimitives()
        return CBOREncoder.encode(.map(CBORMap(entries: [
            CBORMapEntry(key: .int(1), value: .int(3)), CBORMapEntry(key: .int(3), value: .int(-257)),
            CBORMapEntry(key: .int(-1), value: .bytes(Array(primitives.modulus.drop { $0 == 0 }))),
            CBORMapEntry(key: .int(-2), value: .bytes(Array(primitives.publicExponent.drop { $0 == 0 }))),
        ])))
    }

    /// Registration authenticator data (UP and AT set) for a credential key.
    static func authenticatorData(coseKey: [UInt8], aaguid: [UInt8] = aaguid) throws -> AuthenticatorData {
        let bytes = rpIDHash + [0x41, 0, 0, 0, 0] + aaguid + [0, UInt8(credentialID.count)] + credentialID + coseKey
        return try AuthenticatorData(bytes: bytes)
    }

    /// A format input over `authenticatorData`.
    static func input(
        _ statement: CBORMap, _ authenticatorData: AuthenticatorData, clientDataHash: [UInt8] = clientDataHash,
        anchors: [Certificate] = [], now: Date = now
    ) throws -> AttestationInput {
        guard let credential = authenticatorData.attestedCredentialData else { throw FixtureError.noCredential }
        return AttestationInput(
            statement: statement, authenticatorData: authenticatorData, clientDataHash: clientDataHash,
            credential: credential, trustAnchors: anchors, now: now)
    }

    /// A CBOR map with text keys, in the given order.
    static func statement(_ members: KeyValuePairs<String, CBORValue>) -> CBORMap {
        CBORMap(entries: members.map { CBORMapEntry(key: .text($0.key), value: $0.value) })
    }

    // MARK: Certificates

    /// A certificate authority: its key and self-signed certificate.
    struct Authority {
        let key: P256.Signing.PrivateKey
        let certificate: Certificate
    }

    /// A self-signed root CA valid for a year around `now`.
    static func root(_ name: String) throws -> Authority {
        let key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName { CommonName(name) }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now - 180 * 86400, notValidAfter: now + 180 * 86400, issuer: subject, subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions([
                try Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil)).makeCertificateExtension(),
            ]),
            issuerPrivateKey: .init(key))
        return Authority(key: key, certificate: certificate)
    }

    /// A certificate for `publicKey` issued by `issuer`, valid for 30 days around `now` unless told.
    static func certificate(
        subject: DistinguishedName, publicKey: Certificate.PublicKey, issuer: Authority,
        extensions: [Certificate.Extension], notValidBefore: Date = now - 15 * 86400, notValidAfter: Date = now + 15 * 86400
    ) throws -> Certificate {
        try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
            notValidBefore: notValidBefore, notValidAfter: notValidAfter, issuer: issuer.certificate.subject, subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256, extensions: try Certificate.Extensions(extensions),
            issuerPrivateKey: .init(issuer.key))
    }

    /// The DER bytes of a certificate as a CBOR byte string.
    static func der(_ certificate: Certificate) throws -> CBORValue {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return .bytes(serializer.serializedBytes)
    }

    /// An x5c member.
    static func x5c(_ certificates: [Certificate]) throws -> CBORValue {
        .array(try certificates.map { try der($0) })
    }

    /// basicConstraints CA=false, critical.
    static func notCA() throws -> Certificate.Extension {
        try Critical(BasicConstraints.notCertificateAuthority).makeCertificateExtension()
    }

    /// The FIDO AAGUID extension (an OCTET STRING wrapped in the extension's OCTET STRING).
    static func aaguidExtension(_ aaguid: [UInt8], critical: Bool = false) throws -> Certificate.Extension {
        var serializer = DER.Serializer()
        try serializer.serialize(ASN1OctetString(contentBytes: aaguid[...]))
        return Certificate.Extension(oid: [1, 3, 6, 1, 4, 1, 45724, 1, 1, 4], critical: critical, value: serializer.serializedBytes[...])
    }
}

enum FixtureError: Error {
    case noCredential
}
