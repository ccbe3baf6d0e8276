import Countersign
import CountersignJSON
import CountersignStore
import CountersignWebAuthn
import Foundation
import Logging
import ServiceLifecycle

/// Names the provider of passkeys registered before the server kept AAGUIDs (migration
/// `version13`): an assertion does not carry the AAGUID, but the passkey's registration is in the
/// audit log (`passkey.registered`, `passkey.added`) with the attestation object the server
/// verified then. Once at start, for each passkey without an AAGUID, the AAGUID is read from the
/// authenticator data of the audited attestation object whose attested credential id is the
/// passkey's own. A passkey whose authenticator withheld the AAGUID (all zeros) stays unnamed and
/// is looked at again at the next start; that is a few indexed reads per such passkey.
struct PasskeyProviderBackfill: Service {
    let store: any Store
    let logger: Logger
    /// Passkeys looked at per start.
    static let limit = 10_000
    /// The audited events that carry a passkey's attestation object.
    static let registrationActions = ["passkey.registered", "passkey.added"]

    func run() async throws {
        do {
            let named = try await backfill()
            if named > 0 { logger.info("passkey providers named from the audited registrations", metadata: ["passkeys": "\(named)"]) }
        } catch {
            logger.warning("naming passkey providers from the audited registrations failed", metadata: ["error": "\(error)"])
        }
        // A service that returns ends the whole group: wait for the shutdown instead.
        try? await gracefulShutdown()
    }

    /// Records the AAGUID of every passkey without one that its audited registration names;
    /// returns how many it recorded.
    @discardableResult
    func backfill() async throws -> Int {
        let passkeys = try await store.read { try await $0.passkeysWithoutAAGUID(limit: Self.limit) }
        var named = 0
        for passkey in passkeys {
            let events = try await store.read {
                try await $0.auditEvents(subject: passkey.member.rawValue, actions: Self.registrationActions)
            }
            guard let aaguid = events.lazy.compactMap({ Self.aaguid(in: $0.details, of: passkey.credentialID) }).first else { continue }
            if try await store.write({ try await $0.recordPasskeyAAGUID(credentialID: passkey.credentialID, aaguid: aaguid) }) {
                named += 1
            }
        }
        return named
    }

    /// The AAGUID in the attestation object of an audited registration's `details`, when that
    /// attestation object attests `credentialID` and the AAGUID is not all zeros.
    static func aaguid(in details: JSONValue, of credentialID: [UInt8]) -> UUID? {
        guard let text = details.objectValue?["attestationObject"]?.stringValue, let bytes = try? Base64URL.decode(text),
              let credential = try? AttestationObject(bytes: bytes).authenticatorData.attestedCredentialData,
              credential.credentialID == credentialID
        else { return nil }
        let aaguid = credential.aaguidUUID
        return aaguid == PasskeyProviders.zeroAAGUID ? nil : aaguid
    }
}
