import SwiftASN1

/// The Android Keystore attestation extension (OID 1.3.6.1.4.1.11129.2.1.17), the parts of it that
/// WebAuthn's android-key procedure reads:
///
///     KeyDescription ::= SEQUENCE {
///         attestationVersion         INTEGER,
///         attestationSecurityLevel   SecurityLevel,
///         keyMintVersion             INTEGER,      -- keymasterVersion before KeyMint
///         keyMintSecurityLevel       SecurityLevel,
///         attestationChallenge       OCTET STRING,
///         uniqueId                   OCTET STRING,
///         softwareEnforced           AuthorizationList,
///         hardwareEnforced           AuthorizationList }  -- "teeEnforced" in WebAuthn
///
/// Every version of the schema (Keymaster 2 to KeyMint 4) keeps these eight members in this order.
/// An AuthorizationList is a SEQUENCE of optional members, each with its own EXPLICIT
/// context-specific tag; only purpose [1], allApplications [600] and origin [702] are interpreted,
/// the others are checked for shape (one explicitly tagged value, no tag twice) and skipped.
struct AndroidKeyDescription: Sendable {
    /// Where a key, or the attestation itself, lives.
    enum SecurityLevel: Int, Sendable {
        case software = 0
        case trustedEnvironment = 1
        case strongBox = 2

        /// True for a TEE or a StrongBox secure element.
        var isHardware: Bool { self != .software }
    }

    /// The authorization members WebAuthn reads from one list.
    struct AuthorizationList: Sendable {
        /// KM_PURPOSE_SIGN.
        static let purposeSign = 2
        /// KM_ORIGIN_GENERATED: the key was generated inside Keystore, never imported.
        static let originGenerated = 0

        /// purpose [1]: SET OF INTEGER; nil if absent.
        let purposes: [Int]?
        /// origin [702]: INTEGER; nil if absent.
        let origin: Int?
        /// allApplications [600]: present if the key is usable by every application on the device.
        let allApplications: Bool
    }

    let attestationVersion: Int
    let attestationSecurityLevel: SecurityLevel
    let keymasterSecurityLevel: SecurityLevel
    let attestationChallenge: [UInt8]
    let softwareEnforced: AuthorizationList
    let teeEnforced: AuthorizationList

    /// Parses the DER value of the extension.
    init(extensionValue: [UInt8]) throws(WebAuthnError) {
        do {
            let root = try DER.parse(extensionValue)
            var fields: (Int, SecurityLevel, SecurityLevel, [UInt8], AuthorizationList, AuthorizationList)?
            try DER.sequence(root, identifier: .sequence) { nodes in
                let version = try Int(derEncoded: &nodes)
                let attestationLevel = try Self.securityLevel(&nodes)
                _ = try Int(derEncoded: &nodes)
                let keymasterLevel = try Self.securityLevel(&nodes)
                let challenge = try ASN1OctetString(derEncoded: &nodes)
                _ = try ASN1OctetString(derEncoded: &nodes)
                let software = try Self.authorizationList(&nodes)
                let tee = try Self.authorizationList(&nodes)
                fields = (version, attestationLevel, keymasterLevel, Array(challenge.bytes), software, tee)
            }
            guard let fields else { throw ASN1Error.invalidASN1Object(reason: "KeyDescription is empty") }
            (attestationVersion, attestationSecurityLevel, keymasterSecurityLevel, attestationChallenge, softwareEnforced, teeEnforced) = fields
        } catch let error as WebAuthnError {
            throw error
        } catch {
            throw WebAuthnError(.attestationCertificateInvalid, "android-key KeyDescription extension is malformed: \(error)")
        }
    }

    private static func securityLevel(_ nodes: inout ASN1NodeCollection.Iterator) throws -> SecurityLevel {
        guard let node = nodes.next() else {
            throw ASN1Error.invalidASN1Object(reason: "KeyDescription is missing a SecurityLevel")
        }
        let raw = try Int(derEncoded: node, withIdentifier: .enumerated)
        guard let level = SecurityLevel(rawValue: raw) else {
            throw WebAuthnError(.attestationCertificateInvalid, "android-key KeyDescription has an unknown SecurityLevel \(raw)")
        }
        return level
    }

    private static func authorizationList(_ nodes: inout ASN1NodeCollection.Iterator) throws -> AuthorizationList {
        guard let node = nodes.next() else {
            throw ASN1Error.invalidASN1Object(reason: "KeyDescription is missing an AuthorizationList")
        }
        var purposes: [Int]?
        var origin: Int?
        var allApplications = false
        var seen = Set<UInt>()
        try DER.sequence(node, identifier: .sequence) { members in
            while let member = members.next() {
                let tag = member.identifier
                guard tag.tagClass == .contextSpecific else {
                    throw ASN1Error.invalidASN1Object(reason: "AuthorizationList member \(tag) is not context-specific")
                }
                guard seen.insert(tag.tagNumber).inserted else {
                    throw ASN1Error.invalidASN1Object(reason: "AuthorizationList has tag [\(tag.tagNumber)] twice")
                }
                try DER.explicitlyTagged(member, tagNumber: tag.tagNumber, tagClass: .contextSpecific) { value in
                    switch tag.tagNumber {
                    case 1:
                        purposes = try DER.set(of: Int.self, identifier: .set, rootNode: value)
                    case 600:
                        _ = try ASN1Null(derEncoded: value)
                        allApplications = true
                    case 702:
                        origin = try Int(derEncoded: value)
                    default:
                        break
                    }
                }
            }
        }
        return AuthorizationList(purposes: purposes, origin: origin, allApplications: allApplications)
    }
}
