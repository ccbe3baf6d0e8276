import CountersignJSON
import Foundation

/// The persisted form of a ceremony: binary members are base64url strings, as in the options JSON,
/// and decoding applies the same checks as `Ceremony.init`.
extension Ceremony: Codable {
    private enum CodingKeys: String, CodingKey {
        case purpose, challenge, issuedAt, expiresAt, userVerification, userHandle, memberID, allowedCredentialIDs
    }

    /// Decodes a persisted ceremony, refusing one `Ceremony.init` would refuse.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func bytes(_ text: String, _ key: CodingKeys) throws -> [UInt8] {
            do { return try Base64URL.decode(text) } catch {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: error.description)
            }
        }
        let challenge = try bytes(try container.decode(String.self, forKey: .challenge), .challenge)
        let userHandle = try container.decodeIfPresent(String.self, forKey: .userHandle).map { try bytes($0, .userHandle) }
        let allowed = try container.decodeIfPresent([String].self, forKey: .allowedCredentialIDs) ?? []
        do {
            try self.init(
                purpose: try container.decode(Purpose.self, forKey: .purpose), challenge: challenge,
                issuedAt: try container.decode(Date.self, forKey: .issuedAt),
                expiresAt: try container.decode(Date.self, forKey: .expiresAt),
                userVerification: try container.decode(UserVerificationRequirement.self, forKey: .userVerification),
                userHandle: userHandle, memberID: try container.decodeIfPresent(String.self, forKey: .memberID),
                allowedCredentialIDs: try allowed.map { try bytes($0, .allowedCredentialIDs) })
        } catch let error as WebAuthnError {
            throw DecodingError.dataCorruptedError(forKey: .challenge, in: container, debugDescription: error.message)
        }
    }

    /// Encodes the persisted form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(purpose, forKey: .purpose)
        try container.encode(Base64URL.encode(challenge), forKey: .challenge)
        try container.encode(issuedAt, forKey: .issuedAt)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(userVerification, forKey: .userVerification)
        try container.encodeIfPresent(userHandle.map { Base64URL.encode($0) }, forKey: .userHandle)
        try container.encodeIfPresent(memberID, forKey: .memberID)
        try container.encode(allowedCredentialIDs.map { Base64URL.encode($0) }, forKey: .allowedCredentialIDs)
    }
}
