import Countersign
import CountersignJOSE
import CountersignJSON
import CountersignStore
import CountersignWebAuthn
import Foundation

/// Approvals, rejections, withdrawals and cancellation.
///
/// A vote is verified before the transaction (signature, key ownership and validity at receipt,
/// step-up assertion), then, under the statement's row lock: the statement must not be final, the
/// member must not have voted (the store's unique key refuses a second vote even between two
/// instances), the policy is re-evaluated with the new vote, a vote the policy would ignore (not
/// a signer, self-approval, missing step-up, admin key where passkeys are required) is refused
/// and rolled back, and the vote, the new status and the audit events commit together.
struct VoteService: Sendable {
    let store: any Store
    let clock: ServerClock
    let events: EventHub
    let configuration: ServerConfiguration
    let relyingParty: RelyingParty
    let secrets: ServerSecrets
    let audit: AuditRecorder

    /// Submits a vote. `nonce`, the signed request's, is spent in the vote's transaction, or
    /// alone when the vote does not commit (`SignatureNonce`); a spent one throws
    /// `SignatureNonce.Replay`, before any refusal of the vote is audited (a replay found at the
    /// vote's commit fails it, and the nonce spent alone then throws the replay). `reason` is a
    /// rejection's reason, which its signature must sign (`rejection/v2`). `requestKey` is the key
    /// that signed the request, as its authentication read it, if any. `withWithdrawals` reads the
    /// statement's withdrawals for the answer's view (not needed for a vote receipt).
    func vote(
        _ kind: VoteKind, by member: MemberRecord, on id: StatementID, entry: JSONObject, reason: String? = nil,
        nonce: SignatureNonce? = nil, requestKey: KeyRecord? = nil, requestKeyKept: Bool = false, withWithdrawals: Bool = true
    ) async throws -> StatementSnapshot {
        var snapshot: StatementSnapshot
        do {
            snapshot = try await submit(
                kind, by: member, on: id, entry: entry, reason: reason, nonce: nonce, requestKey: requestKey,
                requestKeyKept: requestKeyKept)
        } catch {
            // A refusal is only ever given to a signer read from the store: nothing was spent or
            // audited, and the caller authenticates again without the kept signer.
            if requestKeyKept, let requestKey { throw SignerToConfirm(kid: requestKey.kid) }
            if let nonce, !(error is SignatureNonce.Replay) { try await nonce.spendAlone(in: store) }
            if let error = error as? ServiceError, error.kind != .notFound {
                await audit.refusal(
                    actor: member.id.rawValue, action: "vote.refused", subject: id.rawValue, error: error, details: ["kind": .string(kind.rawValue)])
            }
            throw error
        }
        // Withdrawals only grow: read after the commit, for the view only.
        if withWithdrawals { snapshot.withdrawals = try await store.readEach { try await $0.withdrawals(statement: id) } }
        return snapshot
    }

    /// A vote whose request signer was kept (`KeptSigners`) and could not be confirmed under the
    /// lock, or whose vote was refused: nothing was written, spent or audited; the request must be
    /// authenticated again from the store.
    struct SignerToConfirm: Error {
        let kid: String
    }

    /// What a vote is verified against before its transaction: the statement, the key its
    /// signature names, and (for a step-up) the member's passkeys.
    private struct Inputs {
        var statement: Statement
        /// The statement's stored document, compared with the locked row's in the write.
        var document: [UInt8]
        var keys: [KeyRecord]
        var passkeys: [PasskeyRecord]
    }

    /// Reads only what is not already at hand: a statement decoded before is kept
    /// (`StatementRecords`), the key is the request's when the vote names it, and passkeys are
    /// read only for a step-up. Nothing read here is trusted by the write: it locks the
    /// statement and the key again and compares the document.
    private func inputs(
        on id: StatementID, member: MemberID, namedKid: String?, requestKey: KeyRecord?, stepUp: Bool
    ) async throws -> Inputs {
        let kept = StatementRecords.keptStatement(id)
        let knownKey = requestKey.flatMap { $0.kid == namedKid ? $0 : nil }
        if let kept, !stepUp, knownKey != nil || namedKid == nil {
            return Inputs(statement: kept.statement, document: kept.document, keys: knownKey.map { [$0] } ?? [], passkeys: [])
        }
        // Read without one snapshot: the statement and the signing key are read again and locked
        // in the write, before anything is decided on them.
        let found = try await store.readEach { reader -> (StatementRecord?, KeyRecord?, [PasskeyRecord]) in
            let record = kept == nil ? try await reader.statement(id) : nil
            let key: KeyRecord? = if let knownKey { knownKey } else if let namedKid { try await reader.key(kid: namedKid) } else { nil }
            return (record, key, stepUp ? try await reader.passkeys(member: member) : [])
        }
        let (statement, document): (Statement, [UInt8])
        if let kept {
            (statement, document) = kept
        } else {
            guard let record = found.0 else { throw ServiceError.notFound("statement \(id)") }
            guard !record.status.state.isFinal else {
                throw ServiceError.conflict("statement_final", "the statement is \(record.status.state.rawValue); it takes no more votes")
            }
            (statement, document) = (try StatementRecords.statement(record), record.document)
        }
        return Inputs(statement: statement, document: document, keys: found.1.map { [$0] } ?? [], passkeys: found.2)
    }

    private func submit(
        _ kind: VoteKind, by member: MemberRecord, on id: StatementID, entry: JSONObject, reason reasonText: String?,
        nonce: SignatureNonce?, requestKey: KeyRecord?, requestKeyKept: Bool
    ) async throws -> StatementSnapshot {
        let now = clock.now
        if kind == .approve, reasonText != nil { throw ServiceError.invalid("vote_reason_on_approval", VoteError.reasonOnApproval.description) }
        let reason = try reasonText.map { text throws(ServiceError) in try Self.reason(text) }
        let signature: JWS.Signature
        do {
            signature = try JWS.Signature(entry: entry)
        } catch {
            throw ServiceError.invalid("vote_malformed", "the signature is not a General JWS signature entry: \(error)")
        }
        let namedKid = signature.protectedHeader["kid"]?.stringValue.flatMap { IdentifierText.isBase64URL($0, maxLength: 128) ? $0 : nil }
        let stepUp = signature.unprotectedHeader?["webauthn"] != nil
        // A kept request signer is confirmed with the vote's key under the lock, so only when they are one key.
        if requestKeyKept, let requestKey, namedKid != requestKey.kid { throw SignerToConfirm(kid: requestKey.kid) }
        let inputs = try await inputs(on: id, member: member.id, namedKid: namedKid, requestKey: requestKey, stepUp: stepUp)
        let (statement, keys) = (inputs.statement, inputs.keys)
        let verifier = VoteVerifier(keys: try keys.map(StatementRecords.memberKey), passkeys: stepUpPasskeys(inputs.passkeys))
        let verified: VerifiedVote
        do {
            verified = try verifier.verify(signature, kind: kind, reason: reason, on: statement.signedStatement, member: member.id.rawValue, receivedAt: now)
        } catch {
            if error == .keyOfAnotherMember { throw ServiceError(.forbidden, error.code, error.description) }
            if error == .keyNotValidAtReceipt, let named = keys.first(where: { $0.kid == namedKid }), named.isRevoked(at: now), let revokedAt = named.revokedAt {
                throw Self.keyRevoked(revokedAt)
            }
            throw ServiceError(.unprocessable, error.code, error.description)
        }
        let signatureText = String(decoding: JCS.canonicalize(.object(signature.jsonObject)), as: UTF8.self)
        let snapshot = try await store.write { tx -> StatementSnapshot in
            // The statement, then the key, locked and read in one statement with the directory.
            guard let lock = try await tx.lockForVote(statement: id, kid: verified.kid) else {
                guard try await tx.lockStatement(id) != nil else { throw ServiceError.notFound("statement \(id)") }
                throw ServiceError.unprocessable("vote_key_not_valid", VoteError.keyNotValidAtReceipt.description)
            }
            let locked = lock.statement
            if requestKeyKept, let requestKey, !Self.confirms(lock, signer: requestKey, member: member.id, at: max(clock.now, locked.updatedAt, now)) {
                throw SignerToConfirm(kid: requestKey.kid)
            }
            guard !locked.status.state.isFinal else {
                throw ServiceError.conflict("statement_final", "the statement is \(locked.status.state.rawValue); it takes no more votes")
            }
            // The vote was verified against this document; a stored document never changes.
            guard locked.document == inputs.document else { throw StoreError.corruptRow("statement \(id) changed its document") }
            // Received = accepted under the lock: receipt times then follow the order in which votes
            // commit, so no evaluation ever skips a vote committed before it as "later".
            let now = max(clock.now, locked.updatedAt, now)
            // Read again and locked: a revocation committed since the verification wins, and one
            // still running waits for this vote, then takes its time after it.
            if lock.key.isRevoked(at: now), let revokedAt = lock.key.revokedAt { throw Self.keyRevoked(revokedAt) }
            guard try StatementRecords.memberKey(lock.key).isValid(at: now) else {
                throw ServiceError.unprocessable("vote_key_not_valid", VoteError.keyNotValidAtReceipt.description)
            }
            // The votes under the statement's lock are all there are: no other vote on it can commit first.
            if lock.votes.contains(where: { $0.member == member.id }) {
                throw ServiceError.conflict("already_voted", "this member has already voted on this statement; withdraw the vote first")
            }
            if let use = verified.stepUpUse { try await Self.recordStepUp(use, member: member.id, in: tx, at: now) }
            let vote = VoteRecord(
                statement: id, member: member.id, kind: kind, kid: verified.kid, keyMethod: verified.keyMethod.rawValue,
                signature: signatureText, receivedAt: now, stepUp: verified.stepUp, reason: reason?.text)
            // The nonce, the vote, the status and the audit events are sent together at the commit
            // (PostgreSQL: one statement); a replayed nonce fails it, and `vote` then finds the replay.
            try await nonce?.spendWithWrites(in: tx)
            try await tx.insertVote(vote)
            // The votes read under the lock, with this one: no second read.
            let votes = lock.votes(adding: vote)
            let members = lock.members
            let policy = StatementRecords.compiled(statement, record: locked, members: members, directoryVersion: lock.directoryVersion)
            let evaluation = policy.evaluate(votes: try votes.map(StatementRecords.policyVote), now: now)
            if let ignored = evaluation.explanation.ignoredVotes.first(where: { $0.vote.member == member.id }) {
                throw ServiceError.unprocessable(ignored.reason.code, ignored.reason.message)
            }
            let status = StatementStatus(evaluation)
            var details: JSONObject = [
                "kid": .string(verified.kid), "signature": .string(Receipt.signatureHash(signature)),
                "stepUp": .bool(verified.stepUp), "weight": .number(Double(status.weight)),
            ]
            // The signed reason (rejection/v2), for the record; the signature hash ties it to the vote.
            if let reason { details["reason"] = .string(reason.text) }
            let cause = StatusChange.Cause(action: "vote.\(kind.rawValue)", details: details)
            let updated = try await StatusChange.record(
                status, of: locked, nextChangeAt: evaluation.nextChangeAt, cause: cause, actor: member.id.rawValue, in: tx, at: now,
                configuration: configuration)
            return StatementSnapshot(
                record: updated, statement: statement, votes: votes, members: members, evaluation: evaluation)
        }
        events.nudge()
        return snapshot
    }

    /// Whether the locked key is still the kept request signer's, as authentication would accept
    /// it at `now`: the same row (member and JWK), not revoked, valid, and its member active in
    /// the directory read with the lock.
    private static func confirms(_ lock: VoteLock, signer: KeyRecord, member: MemberID, at now: Date) -> Bool {
        let key = lock.key
        guard key.kid == signer.kid, key.member == member, key.jwk == signer.jwk else { return false }
        guard !key.isRevoked(at: now), key.validFrom <= now else { return false }
        return lock.members.first(where: { $0.id == member })?.status == .active
    }

    /// The signed receipt of `member`'s `kind` vote in `snapshot`, the answer a vote's submitter
    /// gets with `Prefer: return=minimal`, and its compact JWS.
    func receipt(of kind: VoteKind, by member: MemberID, in snapshot: StatementSnapshot) throws -> (receipt: VoteReceipt, compact: String) {
        guard let vote = snapshot.votes.first(where: { $0.member == member && $0.kind == kind }) else {
            throw ServiceError(.internalFailure, "receipt_failed", "the accepted vote is not in the statement's votes")
        }
        let status = snapshot.record.status
        let receipt = VoteReceipt(
            statement: snapshot.record.id.rawValue, digest: snapshot.record.digest, member: member.rawValue, kind: kind,
            vote: Receipt.signatureHash(try StatementRecords.signature(vote)), receivedAt: vote.receivedAt, state: status.state,
            weight: status.weight, threshold: status.threshold)
        do {
            return (receipt, try receipt.signed(with: secrets.serverKey))
        } catch {
            throw ServiceError(.internalFailure, "receipt_failed", "signing the vote receipt failed: \(error)")
        }
    }

    /// A vote signed with a key revoked before the vote was received (docs/formats.md).
    static func keyRevoked(_ revokedAt: Date) -> ServiceError {
        .unprocessable("vote_key_revoked", "the signing key was revoked (as of \(Timestamp.format(revokedAt))) before this vote was received; sign with a valid key")
    }

    /// The member's live passkeys (not revoked, not waiting for a recovery) as step-up
    /// verifiers, each accepting assertions from every configured origin.
    private func stepUpPasskeys(_ passkeys: [PasskeyRecord]) -> [StepUpPasskey] {
        passkeys.filter(\.isLive).compactMap { passkey -> StepUpPasskey? in
            guard let key = try? COSEKey(bytes: passkey.publicKey) else { return nil }
            return StepUpPasskey(
                member: passkey.member.rawValue, credentialID: passkey.credentialID, publicKey: key, rpID: relyingParty.id,
                origins: configuration.origins)
        }
    }

    /// Under the vote's lock: the step-up's passkey must still be live, and its counter must
    /// grow as at a login (a cloned authenticator shows as a counter that does not); the counter
    /// and backup state are stored back.
    static func recordStepUp(_ use: StepUpUse, member: MemberID, in tx: any StoreTransaction, at now: Date) async throws {
        let passkeys = try await tx.lockPasskeys(member: member)
        guard let passkey = passkeys.first(where: { $0.credentialID == use.credentialID }), passkey.isLive else { throw ServiceError.unprocessable("vote_step_up_invalid", "the step-up passkey is not a live passkey of the member") }
        do throws(WebAuthnError) {
            try RelyingParty.checkSignCount(stored: passkey.signCount, received: use.signCount)
        } catch {
            throw ServiceError.unprocessable("vote_step_up_invalid", error.message)
        }
        try await tx.updatePasskeyUse(credentialID: use.credentialID, signCount: use.signCount, backedUp: use.backedUp, usedAt: now)
    }

    /// A reason as given, checked against `VoteReason`'s rules (never altered).
    static func reason(_ text: String) throws(ServiceError) -> VoteReason {
        do throws(VoteReasonError) {
            return try VoteReason(text)
        } catch {
            throw .invalid("reason_invalid", "the reason is refused: \(error.description)")
        }
    }

    /// Withdraws the member's vote while the statement is not final. `reason`, optional, is
    /// recorded by the server with the withdrawal and in its audit event: a withdrawal is
    /// authenticated by the member's session or request signature, which is not kept, so its
    /// reason is not signed (docs/formats.md).
    func withdraw(by member: MemberRecord, on id: StatementID, reason reasonText: String? = nil) async throws -> StatementSnapshot {
        let now = clock.now
        let reason = try reasonText.map { text throws(ServiceError) in try Self.reason(text) }
        let snapshot = try await store.write { tx -> StatementSnapshot in
            guard let locked = try await tx.lockStatement(id) else { throw ServiceError.notFound("statement \(id)") }
            let now = max(now, locked.updatedAt)
            let statement = try StatementRecords.statement(locked)
            let votes = try await tx.votes(statement: id)
            let members = try await tx.allMembers()
            let policyVotes = try votes.map(StatementRecords.policyVote)
            if locked.status.state.isFinal {
                throw ServiceError.conflict("withdrawal_statement_final", "the statement is \(locked.status.state.rawValue); a final state never changes")
            }
            do throws(VoteWithdrawalError) {
                _ = try statement.withdrawingVote(
                    of: member.id, from: policyVotes, members: members.map(\.member), at: now)
            } catch {
                throw ServiceError.conflict(error.code, error.description)
            }
            _ = try await tx.deleteVote(statement: id, member: member.id)
            if let withdrawn = votes.first(where: { $0.member == member.id }) {
                try await tx.insertWithdrawal(.init(statement: id, member: member.id, kind: withdrawn.kind, reason: reason?.text, withdrawnAt: now))
            }
            let remaining = votes.filter { $0.member != member.id }
            let evaluation = statement.evaluate(votes: try remaining.map(StatementRecords.policyVote), members: members.map(\.member), now: now)
            let status = StatementStatus(evaluation)
            var details: JSONObject = ["weight": .number(Double(status.weight))]
            if let reason { details["reason"] = .string(reason.text) }
            let updated = try await StatusChange.record(
                status, of: locked, nextChangeAt: evaluation.nextChangeAt, cause: .init(action: "vote.withdrawn", details: details),
                actor: member.id.rawValue, in: tx, at: now, configuration: configuration)
            return StatementSnapshot(
                record: updated, statement: statement, votes: remaining, members: members, evaluation: evaluation,
                withdrawals: try await tx.withdrawals(statement: id))
        }
        events.nudge()
        return snapshot
    }

    /// Cancels a statement that is not final; only its creator may.
    func cancel(by member: MemberRecord, on id: StatementID) async throws -> StatementSnapshot {
        let now = clock.now
        let snapshot = try await store.write { tx -> StatementSnapshot in
            guard let locked = try await tx.lockStatement(id) else { throw ServiceError.notFound("statement \(id)") }
            let now = max(now, locked.updatedAt)
            guard locked.creator == member.id else { throw ServiceError.forbidden("not_creator", "only the statement's creator may cancel it") }
            guard !locked.status.state.isFinal else {
                throw ServiceError.conflict("statement_final", "the statement is \(locked.status.state.rawValue); a final state never changes")
            }
            let statement = try StatementRecords.statement(locked)
            let votes = try await tx.votes(statement: id)
            let members = try await tx.allMembers()
            let evaluation = statement.evaluate(votes: try votes.map(StatementRecords.policyVote), members: members.map(\.member), now: now)
            let cancelled = StatementStatus(state: .cancelled, weight: locked.status.weight, threshold: locked.status.threshold, decidedAt: now)
            let updated = try await StatusChange.record(
                cancelled, of: locked, nextChangeAt: nil, actor: member.id.rawValue, in: tx, at: now, configuration: configuration)
            return StatementSnapshot(
                record: updated, statement: statement, votes: votes, members: members, evaluation: evaluation,
                withdrawals: try await tx.withdrawals(statement: id))
        }
        events.nudge()
        return snapshot
    }
}
