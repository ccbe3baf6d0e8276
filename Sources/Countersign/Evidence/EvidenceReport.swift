import Foundation

/// What offline verification of an evidence bundle found: an outcome per signature and per key,
/// the policy re-evaluated at the decision time, and the receipt. Pure data: verification never
/// throws on a bundle that reads, it reports (the shape of swift-certificates' verifier results).
public struct EvidenceReport: Sendable {
    /// One failed rule: a stable code and a message for people.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// Stable, machine-readable.
        public let code: String
        /// For people.
        public let message: String

        /// A problem from its parts.
        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }

        public var description: String { "\(message) [\(code)]" }
    }

    /// The outcome of one vote signature, or of a "votes" entry that names no signature.
    public struct SignatureOutcome: Sendable {
        /// The envelope the signature is in (or the kind the orphan "votes" entry claims).
        public let kind: VoteKind
        /// Its index in the envelope; nil for a "votes" entry without a signature.
        public let index: Int?
        /// `Receipt.signatureHash` of the signature.
        public let hash: String
        /// The member the "votes" entry names, if any.
        public let member: String?
        /// When the server received it, if a "votes" entry says.
        public let receivedAt: Date?
        /// Why it does not verify; nil when it does.
        public let failure: Problem?
        /// A rejection's reason as its `rejection/v2` payload signs it (shown with the outcome:
        /// it is the member's signed words only when the signature verified).
        public var reason: String?

        /// True if the signature verified.
        public var verified: Bool { failure == nil }
    }

    /// The outcome of one key's attestation record.
    public struct KeyOutcome: Sendable {
        /// What was established.
        public enum Result: Sendable, Hashable {
            /// The record verified.
            case verified
            /// Not checkable offline (an admin token without the ADMIN_KEY): the key's enrolment
            /// rests on the server's word. It fails the report unless the verifier accepts
            /// server-attested keys (`acceptsServerAttestedKeys`).
            case serverAttested(String)
            /// The record does not verify, or does not describe this key.
            case failed(Problem)
        }

        /// The key's thumbprint.
        public let kid: String
        /// The member the bundle says holds the key.
        public let member: String
        /// How the key was bound to the member.
        public let method: MemberKey.Method
        /// For a passkey record, the relying party and origin the passkey answered: "rpId at origin".
        public let relyingParty: String?
        /// What verification established.
        public let result: Result

        /// True if the attestation failed.
        public var failed: Bool {
            if case .failed = result { return true }
            return false
        }

        /// True if the key's enrolment rests on the server's word (not checkable offline).
        public var serverAttested: Bool {
            if case .serverAttested = result { return true }
            return false
        }
    }

    /// One outcome per signature of both envelopes, then per orphan "votes" entry.
    public let signatures: [SignatureOutcome]
    /// One outcome per key.
    public let keys: [KeyOutcome]
    /// The instant the policy was evaluated at: the claimed decision time, or the last vote.
    public let evaluatedAt: Date
    /// The policy evaluated with the verified votes and the bundle's members.
    public let evaluation: PolicyEvaluation
    /// Disagreements of the bundle with itself: envelope payloads, keys of unknown members, the
    /// claimed status against `evaluation`.
    public let problems: [Problem]
    /// The verified receipt, if its signature verified.
    public let receipt: Receipt?
    /// Why the receipt is refused, or disagrees with the bundle; it includes
    /// `untrustedReceiptKeyCode` when the receipt's key is not one the verifier trusts.
    public let receiptProblems: [Problem]
    /// Whether the verifier accepted keys whose enrolment rests on the server's word.
    public let acceptsServerAttestedKeys: Bool
    /// What the transparency log proves (nil: not checked, no log key given).
    public internal(set) var log: LogOutcome? = nil

    /// The code of the receipt problem "signed by a key this verifier does not trust".
    public static let untrustedReceiptKeyCode = "receipt_server_key_untrusted"

    /// True if the receipt's signature verified with a key the verifier trusts.
    public var receiptTrusted: Bool {
        receipt != nil && !receiptProblems.contains { $0.code == Self.untrustedReceiptKeyCode }
    }

    /// The keys whose enrolment rests on the server's word.
    public var serverAttestedKeys: [KeyOutcome] { keys.filter(\.serverAttested) }

    /// True if every signature, every key attestation and the receipt verify (the receipt with a
    /// trusted key, unless the log verified), the bundle agrees with itself, and, when the log was checked, the log proves
    /// everything it must (`LogOutcome.problems` empty). A key whose enrolment rests on the
    /// server's word fails it, unless the verifier accepted such keys.
    public var allVerified: Bool {
        signatures.allSatisfy(\.verified) && !keys.contains(where: \.failed) && problems.isEmpty && receipt != nil
            && blockingReceiptProblems.isEmpty && (acceptsServerAttestedKeys || serverAttestedKeys.isEmpty) && (log?.problems.isEmpty ?? true)
    }

    /// True when the transparency log was checked and proves everything it must: the log key
    /// and the witnesses then vouch for the statement and the votes, and the receipt's server key
    /// need not be pinned as well.
    public var logVerified: Bool { log.map { $0.problems.isEmpty } ?? false }

    /// The receipt problems that fail the report: all of them, except an unpinned receipt key
    /// when the log verified (evidence/v2 checked with `--log-key`).
    public var blockingReceiptProblems: [Problem] {
        receiptProblems.filter { !(logVerified && $0.code == Self.untrustedReceiptKeyCode) }
    }

    /// True if everything verifies and the policy is satisfied: the statement is approved.
    public var isApproved: Bool { allVerified && evaluation.state == .approved }
}
