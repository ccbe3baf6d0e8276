import CountersignJOSE
import CountersignJSON
import CountersignWebAuthn
import Foundation

extension EvidenceBundle {
    /// Verifies the bundle offline and reports every outcome (see `EvidenceReport`).
    ///
    /// - Each signature of both envelopes is verified by `VoteVerifier` as the vote of the member its
    ///   "votes" entry names, with the bundle's keys whose attestation did not fail, at the time the
    ///   entry says the server received it. A signature without an entry, and an entry without a
    ///   signature, fail.
    /// - Each key's attestation record must describe that key and member and verify (admin tokens
    ///   only with `adminKey`).
    /// - The statement's policy is evaluated at the claimed decision time with the verified votes
    ///   and the members, and must give the claimed status.
    /// - The receipt must verify with `serverKey`, which must be one of `trustedServerKeys`, and
    ///   agree with the statement, the evaluation and the counted approvals. Deny by default: with
    ///   no trusted key, the receipt is checked against the bundle's own key but reported as signed
    ///   by a key this verifier does not trust, and nothing verifies (anyone can sign a receipt
    ///   with a key they put in the bundle themselves).
    /// - A key whose enrolment cannot be checked here (an admin token without `adminKey`) rests on
    ///   the server's word; the report fails unless `acceptServerAttestedKeys` says the caller
    ///   accepts that.
    /// - With `logTrust`, the transparency log's proofs must show the statement, every verified
    ///   vote and each signer's key and passkey (`verifyLog`); without it the log is not checked,
    ///   and which passkey belongs to a member rests on the server.
    public func verify(
        trustedServerKeys: [JWK] = [], adminKey: [UInt8]? = nil, acceptServerAttestedKeys: Bool = false, logTrust: LogTrust? = nil
    ) -> EvidenceReport {
        var problems: [EvidenceReport.Problem] = []
        var passkeys: [StepUpPasskey] = []
        let keyOutcomes = verifyKeys(adminKey: adminKey, problems: &problems, passkeys: &passkeys)
        passkeys += self.passkeys.compactMap(\.stepUpPasskey)
        let failedKeys = Set(keyOutcomes.filter(\.failed).map(\.kid))
        let usable = keys.map(\.key).filter { !failedKeys.contains($0.kid) }
        let signed = statement.signedStatement
        if approvals.payload != VoteKind.approve.payload(for: signed) {
            problems.append(.init(code: "evidence_approvals_payload", message: "the approval envelope's payload is not this statement document"))
        }
        if let rejections, rejections.payload != VoteKind.reject.payload(for: signed) {
            problems.append(.init(code: "evidence_rejections_payload", message: "the rejection envelope's payload is not this statement's rejection/v1 document"))
        }
        var (outcomes, verified) = verifySignatures(
            .approve, approvals.signatures.map { ($0, nil) }, keys: usable, passkeys: passkeys, failedKeys: failedKeys)
        // Rejections: the v1 envelope's signatures, then each v2 rejection with the reason its own
        // payload signs. A v2 payload that is not exactly this statement's rejection/v2 document
        // fails (and its signature is not counted).
        var rejectionSignatures: [(JWS.Signature, VoteReason?)] = (rejections?.signatures ?? []).map { ($0, nil) }
        for (index, jws) in reasonedRejections.enumerated() {
            guard let payload = RejectionPayload.read(jws.payload, for: signed), payload.reason != nil, jws.signatures.count == 1 else {
                problems.append(.init(
                    code: "evidence_rejection_payload",
                    message: "rejectionsWithReason[\(index)]'s payload is not this statement's rejection/v2 document with a valid reason"))
                continue
            }
            rejectionSignatures.append((jws.signatures[0], payload.reason))
        }
        let rejected = verifySignatures(.reject, rejectionSignatures, keys: usable, passkeys: passkeys, failedKeys: failedKeys)
        outcomes += rejected.outcomes
        verified += rejected.verified
        let present = Set(outcomes.map { "\($0.kind.rawValue) \($0.hash)" })
        for entry in votes where !present.contains("\(entry.kind.rawValue) \(entry.signature)") {
            outcomes.append(.init(
                kind: entry.kind, index: nil, hash: entry.signature, member: entry.member, receivedAt: entry.receivedAt,
                failure: .init(code: "evidence_signature_missing", message: "a votes entry names a \(entry.kind.rawValue) signature that is not in its envelope")))
        }

        let evaluatedAt = status.decidedAt ?? verified.map(\.receivedAt).max() ?? statement.createdAt
        let evaluation = statement.evaluate(votes: verified.compactMap { try? Vote($0) }, members: members, now: evaluatedAt)
        let recomputed = EvidenceStatus(evaluation)
        if recomputed != status {
            problems.append(.init(
                code: "evidence_status_mismatch",
                message: "the bundle claims \(Self.describe(status)) but its votes and members give \(Self.describe(recomputed))"))
        }
        let (receipt, receiptProblems) = checkReceipt(
            trustedServerKeys: trustedServerKeys, evaluation: evaluation,
            counted: Self.countedApprovals(verified, evaluation: evaluation))
        var report = EvidenceReport(
            signatures: outcomes, keys: keyOutcomes, evaluatedAt: evaluatedAt, evaluation: evaluation, problems: problems,
            receipt: receipt, receiptProblems: receiptProblems, acceptsServerAttestedKeys: acceptServerAttestedKeys)
        if let logTrust { report.log = verifyLog(logTrust, votes: verified) }
        return report
    }

    /// Verifies each key's attestation; the passkeys of verified passkey records are collected for
    /// step-up proofs.
    private func verifyKeys(
        adminKey: [UInt8]?, problems: inout [EvidenceReport.Problem], passkeys: inout [StepUpPasskey]
    ) -> [EvidenceReport.KeyOutcome] {
        let memberIDs = Set(members.map(\.id.rawValue))
        var seen: Set<String> = []
        return keys.map { entry in
            let key = entry.key
            let result: EvidenceReport.KeyOutcome.Result
            var relyingParty: String?
            if !seen.insert(key.kid).inserted {
                result = .failed(.init(code: "evidence_key_duplicate", message: "the key is listed twice"))
            } else if !memberIDs.contains(key.member) {
                result = .failed(.init(code: "evidence_key_unknown_member", message: "the key's member \(key.member) is not in the member list"))
            } else {
                do throws(KeyAttestationError) {
                    let record = try KeyAttestationRecord(json: entry.attestation)
                    if case .passkey(let assertion) = record.proof { relyingParty = "\(assertion.rpID) at \(assertion.origin)" }
                    guard record.member == key.member, record.jwk.thumbprint == key.kid, record.method == key.method else {
                        throw .malformed("the record attests another key, member or method than this entry's")
                    }
                    switch try record.verify(adminKey: adminKey) {
                    case .verified:
                        result = .verified
                        if case .passkey(let assertion) = record.proof, let publicKey = try? COSEKey(bytes: assertion.passkeyPublicKey) {
                            passkeys.append(StepUpPasskey(
                                member: record.member, credentialID: assertion.credentialID, publicKey: publicKey,
                                rpID: assertion.rpID, origins: [assertion.origin]))
                        }
                    case .notChecked(let reason): result = .serverAttested(reason)
                    }
                } catch {
                    result = .failed(.init(code: error.code, message: error.description))
                }
            }
            return .init(kid: key.kid, member: key.member, method: key.method, relyingParty: relyingParty, result: result)
        }
    }

    private func verifySignatures(
        _ kind: VoteKind, _ signatures: [(JWS.Signature, VoteReason?)], keys: [MemberKey], passkeys: [StepUpPasskey],
        failedKeys: Set<String>
    ) -> (outcomes: [EvidenceReport.SignatureOutcome], verified: [VerifiedVote]) {
        let verifier = VoteVerifier(keys: keys, passkeys: passkeys)
        let entriesBySignature = Dictionary(grouping: votes.filter { $0.kind == kind }, by: \.signature)
        var outcomes: [EvidenceReport.SignatureOutcome] = []
        var verified: [VerifiedVote] = []
        var seen: Set<String> = []
        for (index, (signature, reason)) in signatures.enumerated() {
            let hash = Receipt.signatureHash(signature)
            let entries = entriesBySignature[hash] ?? []
            let entry = entries.first
            var failure: EvidenceReport.Problem?
            if !seen.insert(hash).inserted {
                failure = .init(code: "evidence_signature_duplicate", message: "the same signature appears twice")
            } else if entries.count != 1 {
                failure = .init(
                    code: "evidence_vote_entry",
                    message: entries.isEmpty
                        ? "no votes entry of kind \(kind.rawValue) says when the server received this signature"
                        : "several votes entries describe this signature")
            } else if let entry {
                do {
                    let vote = try verifier.verify(
                        signature, kind: kind, reason: reason, on: statement.signedStatement, member: entry.member, receivedAt: entry.receivedAt)
                    if vote.kid != entry.kid {
                        failure = .init(code: "evidence_vote_kid", message: "the votes entry names another key than the one that signed")
                    } else {
                        verified.append(vote)
                    }
                } catch {
                    let attestationFailed = error == .unknownKey && signature.protectedHeader["kid"]?.stringValue.map(failedKeys.contains) == true
                    failure = attestationFailed
                        ? .init(code: "vote_key_not_attested", message: "the signing key's attestation does not verify")
                        : .init(code: error.code, message: error.description)
                }
            }
            outcomes.append(.init(
                kind: kind, index: index, hash: hash, member: entry?.member, receivedAt: entry?.receivedAt, failure: failure,
                reason: reason?.text))
        }
        return (outcomes, verified)
    }

    private func checkReceipt(
        trustedServerKeys: [JWK], evaluation: PolicyEvaluation, counted: [String]
    ) -> (Receipt?, [EvidenceReport.Problem]) {
        var problems: [EvidenceReport.Problem] = []
        let trusted = trustedServerKeys.first { $0.thumbprint == serverKey.thumbprint }
        if trusted == nil {
            problems.append(.init(
                code: EvidenceReport.untrustedReceiptKeyCode,
                message: trustedServerKeys.isEmpty
                    ? "the receipt is signed by a key this verifier does not trust (the bundle's own server key \(serverKey.thumbprint); no trusted server key was given)"
                    : "the receipt is signed by a key this verifier does not trust (the bundle's server key \(serverKey.thumbprint) is none of the trusted server keys)"))
        }
        let receipt: Receipt
        do { receipt = try Receipt.verify(self.receipt, serverKey: trusted ?? serverKey) } catch {
            return (nil, problems + [.init(code: error.code, message: error.description)])
        }
        let mismatch = { (field: String, claimed: String, expected: String) in
            if claimed != expected {
                problems.append(.init(code: "receipt_mismatch", message: "the receipt's \(field) is \(claimed), the bundle gives \(expected)"))
            }
        }
        mismatch("statement", receipt.statement, statement.id.rawValue)
        mismatch("digest", receipt.digest, statement.digest)
        mismatch("state", receipt.state, evaluation.state.rawValue)
        mismatch("decidedAt", receipt.decidedAt.map(Timestamp.format) ?? "null", evaluation.decidedAt.map(Timestamp.format) ?? "null")
        if receipt.approvals.sorted() != counted.sorted() {
            problems.append(.init(
                code: "receipt_approvals_mismatch",
                message: "the receipt lists \(receipt.approvals.count) approval signature(s), not the \(counted.count) the bundle's verified votes count"))
        }
        return (receipt, problems)
    }

    static func describe(_ status: EvidenceStatus) -> String {
        "\(status.state.rawValue), weight \(status.weight) of \(status.threshold), decided at \(status.decidedAt.map(Timestamp.format) ?? "null")"
    }
}
