import Foundation

/// One level of a policy prepared for a member directory: for each member who can count here,
/// the largest weight among the entries that match them (member entry or role entries), so that
/// a tally at any instant is a walk over these lists.
struct CompiledLevel: Sendable {
    /// A member who can count at this level, with their best entry. Always a member of the
    /// directory the level was compiled for (`tally` relies on it).
    struct Candidate: Sendable {
        let member: MemberID
        let weight: Int
        let entry: Int
    }

    struct Wait: Sendable {
        let entry: Int
        let duration: ISODuration
        let weight: Int
        let maturesAt: Date
    }

    struct Nested: Sendable {
        let entry: Int
        let weight: Int
        let level: CompiledLevel
    }

    let path: String
    let threshold: Int
    let required: [MemberID]
    /// Sorted by member id.
    let candidates: [Candidate]
    let waits: [Wait]
    let nested: [Nested]

    init(_ quorum: Quorum, path: String, directory: [MemberID: Member], roleHolders: [Role: [MemberID]], createdAt: Date) {
        self.path = path
        threshold = quorum.threshold
        required = quorum.requiredMembers
        var best: [MemberID: Candidate] = [:]
        func offer(_ member: MemberID, _ weight: Int, _ entry: Int) {
            if let current = best[member], current.weight >= weight { return }
            best[member] = Candidate(member: member, weight: weight, entry: entry)
        }
        var waits: [Wait] = []
        var nested: [Nested] = []
        for (index, entry) in quorum.signers.enumerated() {
            switch entry.signer {
            case .member(let member):
                if directory[member] != nil { offer(member, entry.weight, index) }
            case .role(let role):
                for member in roleHolders[role] ?? [] { offer(member, entry.weight, index) }
            case .wait(let duration):
                waits.append(Wait(
                    entry: index, duration: duration, weight: entry.weight,
                    maturesAt: createdAt.addingTimeInterval(Double(duration.seconds))))
            case .policy(let inner):
                let innerPath = PolicyReader.path("\(PolicyReader.path(path, "signers"))[\(index)]", "policy")
                nested.append(Nested(
                    entry: index, weight: entry.weight,
                    level: CompiledLevel(inner, path: innerPath, directory: directory, roleHolders: roleHolders, createdAt: createdAt)))
            }
        }
        candidates = best.values.sorted { $0.member < $1.member }
        self.waits = waits
        self.nested = nested
    }

    /// The level's tally with the votes received by `instant`.
    func tally(at instant: Date, ledger: VoteLedger, directory: [MemberID: Member]) -> LevelExplanation {
        var level = LevelExplanation(path: path, threshold: threshold)
        level.countsApprovals = waits.isEmpty && nested.isEmpty && candidates.allSatisfy { $0.weight == 1 }
        for candidate in candidates {
            if let vote = ledger.vote(of: candidate.member, at: instant) {
                level.counted.append(CountedVote(member: candidate.member, kind: vote.kind, weight: candidate.weight, entry: candidate.entry))
                if vote.kind == .approve {
                    level.approvalWeight += candidate.weight
                    level.possibleWeight += candidate.weight
                } else {
                    level.rejectionWeight += candidate.weight
                }
            } else if candidate.member != ledger.excluded {
                // `canStillApprove` for a candidate, who is in the directory by construction and
                // has no counted vote by `instant`: evaluated once per candidate and instant, so
                // without its two lookups again.
                level.possibleWeight += candidate.weight
            }
        }
        for wait in waits {
            let matured = wait.maturesAt <= instant
            level.waits.append(WaitProgress(entry: wait.entry, duration: wait.duration, weight: wait.weight, maturesAt: wait.maturesAt, matured: matured))
            if matured { level.approvalWeight += wait.weight }
            level.possibleWeight += wait.weight
        }
        for inner in nested {
            let innerLevel = inner.level.tally(at: instant, ledger: ledger, directory: directory)
            if innerLevel.satisfied { level.approvalWeight += inner.weight }
            if innerLevel.reachable { level.possibleWeight += inner.weight } else { level.rejectionWeight += inner.weight }
            level.nested.append(NestedProgress(entry: inner.entry, weight: inner.weight, level: innerLevel))
        }
        level.missingRequired = required.filter { ledger.vote(of: $0, at: instant)?.kind != .approve }
        level.unavailableRequired = level.missingRequired.filter { !ledger.canStillApprove($0, at: instant, directory: directory) }
        return level
    }
}
