import Foundation

/// Parsed authenticator data (WebAuthn Level 3, section 6.1).
public struct AuthenticatorData: Sendable {
    /// The flags byte.
    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let userPresent = Flags(rawValue: 0x01)
        public static let userVerified = Flags(rawValue: 0x04)
        public static let backupEligible = Flags(rawValue: 0x08)
        public static let backedUp = Flags(rawValue: 0x10)
        public static let attestedCredentialData = Flags(rawValue: 0x40)
        public static let extensionData = Flags(rawValue: 0x80)
    }

    /// Attested credential data: present in registrations.
    public struct AttestedCredentialData: Sendable {
        public let aaguid: [UInt8]
        public let credentialID: [UInt8]
        public let credentialPublicKey: COSEKey

        /// The AAGUID as a UUID (all zeros when the authenticator withheld it).
        public var aaguidUUID: UUID { RelyingParty.uuid(aaguid) }
    }

    /// Longest credential id WebAuthn allows.
    public static let maxCredentialIDLength = 1023

    /// The bytes exactly as received (signatures cover them).
    public let raw: [UInt8]
    public let rpIDHash: [UInt8]
    public let flags: Flags
    public let signCount: UInt32
    public let attestedCredentialData: AttestedCredentialData?
    /// Authenticator extension outputs (a CBOR map), if the ED flag is set.
    public let extensions: CBORMap?

    /// Parses authenticator data strictly: every declared part must be present, nothing may follow.
    public init(bytes: [UInt8]) throws(WebAuthnError) {
        guard bytes.count >= 37 else {
            throw WebAuthnError(.malformedAuthenticatorData, "authenticator data is \(bytes.count) bytes; at least 37 are required")
        }
        raw = bytes
        rpIDHash = Array(bytes[0..<32])
        flags = Flags(rawValue: bytes[32])
        signCount = bytes[33..<37].reduce(0) { $0 << 8 | UInt32($1) }
        if flags.contains(.backedUp) && !flags.contains(.backupEligible) {
            throw WebAuthnError(.invalidFlags, "the BS (backed up) flag is set without BE (backup eligible)")
        }
        var position = 37
        if flags.contains(.attestedCredentialData) {
            guard bytes.count >= position + 18 else {
                throw WebAuthnError(.malformedAuthenticatorData, "attested credential data is truncated")
            }
            let aaguid = Array(bytes[position..<position + 16])
            let idLength = Int(bytes[position + 16]) << 8 | Int(bytes[position + 17])
            position += 18
            guard idLength <= Self.maxCredentialIDLength else {
                throw WebAuthnError(.malformedAuthenticatorData, "credential id is \(idLength) bytes; at most 1023 are allowed")
            }
            guard bytes.count >= position + idLength else {
                throw WebAuthnError(.malformedAuthenticatorData, "credential id is truncated")
            }
            let credentialID = Array(bytes[position..<position + idLength])
            position += idLength
            let rest = Array(bytes[position...])
            let decoded: (value: CBORValue, consumed: Int)
            do { decoded = try CBORDecoder().decodePrefix(rest) } catch { throw .cbor(error, in: "credential public key") }
            let key = try COSEKey(decoded.value, encoded: Array(rest[0..<decoded.consumed]))
            position += decoded.consumed
            attestedCredentialData = AttestedCredentialData(aaguid: aaguid, credentialID: credentialID, credentialPublicKey: key)
        } else {
            attestedCredentialData = nil
        }
        if flags.contains(.extensionData) {
            let rest = Array(bytes[position...])
            let decoded: (value: CBORValue, consumed: Int)
            do { decoded = try CBORDecoder().decodePrefix(rest) } catch { throw .cbor(error, in: "authenticator extensions") }
            guard case .map(let map) = decoded.value else {
                throw WebAuthnError(.malformedAuthenticatorData, "authenticator extensions are not a CBOR map")
            }
            extensions = map
            position += decoded.consumed
        } else {
            extensions = nil
        }
        guard position == bytes.count else {
            throw WebAuthnError(.malformedAuthenticatorData, "\(bytes.count - position) unexpected bytes after the authenticator data")
        }
    }
}
