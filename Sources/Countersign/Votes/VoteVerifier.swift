import CountersignJOSE
import CountersignJSON
import Foundation

/// Checks one submitted vote signature against a statement and the registered member keys.
///
/// The rules (docs/formats.md, 4.5): the signature must be over exactly this vote kind's payload for
/// this statement; its protected header carries the kind's "typ" and "iat"; the algorithm is one
/// of MemberSigningAlgorithms, the list that admitted the key (never "none", never HMAC); the key
/// is found by thumbprint, never trusted by kid alone, must belong to the member who votes, and
/// must have been valid when the vote was received. A step-up proof, when present, must be a user-verified assertion by one of
/// the member's passkeys over this signature's signing input.
public struct VoteVerifier: Sendable {
    public let keys: [MemberKey]
    /// The members' passkeys, for step-up proofs; a vote with a proof by none of them is refused.
    public let passkeys: [StepUpPasskey]

    public init(keys: [MemberKey], passkeys: [StepUpPasskey] = []) {
        self.keys = keys
        self.passkeys = passkeys
    }

    /// Verifies `signature` as `member`'s vote of `kind` on `statement`, received at `receivedAt`.
    /// `member` is who submitted it (the session's member); nil verifies offline, taking the member
    /// from the key. `reason` is a rejection's signed reason: the signature must then be over the
    /// `rejection/v2` payload with exactly this text, and without one over `rejection/v1`
    /// (`RejectionPayload`); an approval never has one.
    public func verify(
        _ signature: JWS.Signature, kind: VoteKind, reason: VoteReason? = nil, on statement: SignedStatement, member: String?,
        receivedAt: Date
    ) throws(VoteError) -> VerifiedVote {
        if kind == .approve, reason != nil { throw .reasonOnApproval }
        if let problem = signature.problem { throw .malformedSignature(problem.description) }
        guard signature.protectedHeader["typ"]?.stringValue == kind.type else { throw .wrongType(expected: kind.type) }
        guard signature.protectedHeader["iat"]?.integerValue != nil else { throw .missingIssuedAt }
        guard let algName = signature.protectedHeader["alg"]?.stringValue else {
            throw .malformedSignature("\"alg\" must be in the protected header")
        }
        guard let algorithm = JWSAlgorithm(rawValue: algName), MemberSigningAlgorithms.all.contains(algorithm) else {
            throw .algorithmNotAllowed(algName)
        }
        guard let kid = signature.protectedHeader["kid"]?.stringValue else {
            throw .malformedSignature("\"kid\" must be in the protected header")
        }
        // The kid selects the key by thumbprint; the signature must then verify with that key.
        guard let key = keys.first(where: { $0.kid == kid }) else { throw .unknownKey }
        if let member, key.member != member { throw .keyOfAnotherMember }
        guard key.isValid(at: receivedAt) else { throw .keyNotValidAtReceipt }

        var jws = JWS(payload: kind.payload(for: statement, reason: reason))
        jws.append(signature)
        let verifier: JWSVerifier
        do {
            verifier = JWSVerifier(keys: try JWKSet([key.jwk]), allowedAlgorithms: MemberSigningAlgorithms.all)
        } catch {
            throw .unknownKey
        }
        let outcome = verifier.verifySignature(at: 0, of: jws)
        guard outcome.verified, outcome.keyThumbprint == key.kid else {
            throw .signatureInvalid(outcome.failure?.description ?? "wrong key")
        }
        var stepUpUse: StepUpUse?
        if let proof = signature.unprotectedHeader?["webauthn"] {
            stepUpUse = try StepUpAssertion.verify(
                proof, signingInput: jws.signingInput(for: signature), passkeys: passkeys.filter { $0.member == key.member })
        }
        return VerifiedVote(
            member: key.member, kind: kind, kid: key.kid, keyMethod: key.method, receivedAt: receivedAt,
            signature: signature, stepUp: stepUpUse != nil, stepUpUse: stepUpUse, reason: reason)
    }
}
