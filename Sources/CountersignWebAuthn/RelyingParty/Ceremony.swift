import Foundation

/// What the server remembers between issuing options and receiving the response: the challenge
/// and what the response must satisfy.
///
/// A ceremony is a value: the server persists it (it is `Codable`) under an id it hands to the
/// browser, and consumes it once when the response arrives, whatever the outcome; consuming is
/// the store's job, since only the store can make it atomic. Verification checks purpose and
/// expiry, so a ceremony of one kind can never complete another.
public struct Ceremony: Sendable, Hashable {
    /// What the ceremony is for.
    public enum Purpose: String, Sendable, Hashable, Codable {
        /// navigator.credentials.create(): a member registers a passkey.
        case registration
        /// navigator.credentials.get(): a member logs in (or steps up).
        case authentication
        /// navigator.credentials.get() whose challenge binds a signing key (docs/formats.md).
        case keyAttestation
        /// navigator.credentials.get() that authorises revoking one signing key or passkey; the
        /// server remembers which one, so the assertion can authorise nothing else.
        case revocation
    }

    /// Fewest challenge bytes accepted (WebAuthn Level 3, section 13.4.3: at least 16).
    public static let minimumChallengeLength = 16
    /// Bytes of a generated challenge.
    public static let generatedChallengeLength = 32

    /// What the ceremony is for; a response to another purpose is refused.
    public let purpose: Purpose
    /// The challenge bytes the response's clientDataJSON must carry.
    public let challenge: [UInt8]
    /// When the options were issued.
    public let issuedAt: Date
    /// From this instant on, the ceremony is refused.
    public let expiresAt: Date
    /// Whether the response must carry the UV flag (also the options' userVerification).
    public let userVerification: UserVerificationRequirement
    /// The WebAuthn user handle: for a registration, the user.id of the options; for an
    /// authentication, the user expected (nil for a discoverable login that identifies the user
    /// from the credential).
    public let userHandle: [UInt8]?
    /// The Countersign member the ceremony is for, if known when it began.
    public let memberID: String?
    /// For an authentication: the credentials the options allowed (empty: any, discoverable).
    public let allowedCredentialIDs: [[UInt8]]

    /// A ceremony with a given challenge (e.g. the SHA-256 that binds a signing key).
    public init(
        purpose: Purpose, challenge: [UInt8], issuedAt: Date, expiresAt: Date,
        userVerification: UserVerificationRequirement = .required, userHandle: [UInt8]? = nil,
        memberID: String? = nil, allowedCredentialIDs: [[UInt8]] = []
    ) throws(WebAuthnError) {
        guard challenge.count >= Self.minimumChallengeLength else {
            throw WebAuthnError(.invalidConfiguration, "a challenge needs at least \(Self.minimumChallengeLength) bytes, not \(challenge.count)")
        }
        guard expiresAt > issuedAt else {
            throw WebAuthnError(.invalidConfiguration, "a ceremony must expire after it is issued")
        }
        self.purpose = purpose
        self.challenge = challenge
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.userVerification = userVerification
        self.userHandle = userHandle
        self.memberID = memberID
        self.allowedCredentialIDs = allowedCredentialIDs
    }

    /// A ceremony with a fresh 32-byte challenge drawn from `generator`.
    public static func generate(
        purpose: Purpose, now: Date, lifetime: TimeInterval = 300,
        userVerification: UserVerificationRequirement = .required, userHandle: [UInt8]? = nil,
        memberID: String? = nil, allowedCredentialIDs: [[UInt8]] = [],
        using generator: inout some RandomNumberGenerator
    ) -> Ceremony {
        var challenge: [UInt8] = []
        challenge.reserveCapacity(generatedChallengeLength)
        for _ in 0..<generatedChallengeLength { challenge.append(UInt8.random(in: .min ... .max, using: &generator)) }
        // Cannot fail: the challenge has 32 bytes and the lifetime is made positive.
        return Ceremony(
            unchecked: purpose, challenge: challenge, issuedAt: now, expiresAt: now.addingTimeInterval(max(lifetime, 1)),
            userVerification: userVerification, userHandle: userHandle, memberID: memberID,
            allowedCredentialIDs: allowedCredentialIDs)
    }

    /// A ceremony with a fresh challenge from the system's secure random number generator.
    public static func generate(
        purpose: Purpose, now: Date, lifetime: TimeInterval = 300,
        userVerification: UserVerificationRequirement = .required, userHandle: [UInt8]? = nil,
        memberID: String? = nil, allowedCredentialIDs: [[UInt8]] = []
    ) -> Ceremony {
        var generator = SystemRandomNumberGenerator()
        return generate(
            purpose: purpose, now: now, lifetime: lifetime, userVerification: userVerification,
            userHandle: userHandle, memberID: memberID, allowedCredentialIDs: allowedCredentialIDs, using: &generator)
    }

    private init(
        unchecked purpose: Purpose, challenge: [UInt8], issuedAt: Date, expiresAt: Date,
        userVerification: UserVerificationRequirement, userHandle: [UInt8]?, memberID: String?,
        allowedCredentialIDs: [[UInt8]]
    ) {
        self.purpose = purpose
        self.challenge = challenge
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.userVerification = userVerification
        self.userHandle = userHandle
        self.memberID = memberID
        self.allowedCredentialIDs = allowedCredentialIDs
    }

    /// True from `expiresAt` on.
    public func isExpired(now: Date) -> Bool { now >= expiresAt }

    /// The clientDataJSON type a response to this ceremony carries.
    public var clientDataType: ClientDataType { purpose == .registration ? .create : .get }

    /// The options' timeout: the ceremony's lifetime in milliseconds.
    public var timeoutMilliseconds: Int { Int((expiresAt.timeIntervalSince(issuedAt) * 1000).rounded()) }

    /// Refuses the ceremony for a response of another purpose, or once it has expired.
    func check(purposes: Set<Purpose>, now: Date) throws(WebAuthnError) {
        guard purposes.contains(purpose) else {
            throw WebAuthnError(.ceremonyMismatch, "the ceremony is for \(purpose.rawValue), not for this response")
        }
        guard !isExpired(now: now) else {
            throw WebAuthnError(.ceremonyExpired, "the ceremony expired at \(expiresAt.ISO8601Format())")
        }
    }
}
