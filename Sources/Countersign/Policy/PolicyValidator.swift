/// The checks that make a `Policy` valid (docs/policies.md; every rule is listed in docs/policies.md).
enum PolicyValidator {
    static func validate(_ policy: Policy) throws(PolicyError) {
        guard policy.quorum.entryCount <= PolicyLimits.maximumEntries else {
            throw .tooManyEntries(limit: PolicyLimits.maximumEntries)
        }
        try validateLevel(policy.quorum, at: "", depth: 1)
        if let rejectThreshold = policy.rejectThreshold, !(1...PolicyLimits.maximumThreshold).contains(rejectThreshold) {
            throw .invalidRejectThreshold(at: "rejectThreshold", value: String(rejectThreshold))
        }
        if let expiresAfter = policy.expiresAfter {
            if let timelock = policy.timelock, timelock.seconds >= expiresAfter.seconds {
                throw .timelockNotBeforeExpiry(at: "timelock", timelock: timelock, expiresAfter: expiresAfter)
            }
            try validateWaits(policy.quorum, at: "", expiresAfter: expiresAfter, timelock: policy.timelock)
        }
        try validateReachable(policy.quorum, at: "")
        if let rejectThreshold = policy.rejectThreshold {
            let reach = StaticReach.rejection(policy.quorum)
            if !reach.open, reach.weight < rejectThreshold {
                throw .rejectThresholdUnreachable(at: "rejectThreshold", threshold: rejectThreshold, maximum: reach.weight)
            }
        }
        guard policy.canonicalBytes.count <= PolicyLimits.maximumBytes else { throw .tooLarge(limit: PolicyLimits.maximumBytes) }
    }

    /// Local rules of one level, then of the levels nested in it, in the order written.
    private static func validateLevel(_ quorum: Quorum, at path: String, depth: Int) throws(PolicyError) {
        guard depth <= PolicyLimits.maximumDepth else { throw .tooDeep(at: path, limit: PolicyLimits.maximumDepth) }
        let signersPath = PolicyReader.path(path, "signers")
        guard (1...PolicyLimits.maximumThreshold).contains(quorum.threshold) else {
            throw .invalidThreshold(at: PolicyReader.path(path, "threshold"), value: String(quorum.threshold))
        }
        guard !quorum.signers.isEmpty else { throw .noSigners(at: signersPath) }
        var members: [MemberID: String] = [:]
        var roles: [Role: String] = [:]
        var waits: [Int64: String] = [:]
        var nested: [Quorum: String] = [:]
        for (index, entry) in quorum.signers.enumerated() {
            let entryPath = "\(signersPath)[\(index)]"
            guard (1...PolicyLimits.maximumWeight).contains(entry.weight) else {
                throw .invalidWeight(at: PolicyReader.path(entryPath, "weight"), value: String(entry.weight))
            }
            switch entry.signer {
            case .member(let member):
                if let first = members[member] { throw .duplicateSigner(at: entryPath, what: "member \(member)", first: first) }
                members[member] = entryPath
            case .role(let role):
                if let first = roles[role] { throw .duplicateSigner(at: entryPath, what: "role \(role)", first: first) }
                roles[role] = entryPath
            case .wait(let duration):
                if let first = waits[duration.seconds] {
                    throw .duplicateSigner(at: entryPath, what: "a wait of \(duration.words)", first: first)
                }
                waits[duration.seconds] = entryPath
            case .policy(let inner):
                if let first = nested[inner] { throw .duplicateSigner(at: entryPath, what: "the same nested policy", first: first) }
                nested[inner] = entryPath
                try validateLevel(inner, at: PolicyReader.path(entryPath, "policy"), depth: depth + 1)
            }
        }
        if let required = quorum.required {
            let requiredPath = PolicyReader.path(path, "required")
            guard !required.isEmpty else { throw .emptyRequired(at: requiredPath) }
            let named = quorum.namedMembers
            var seen: Set<MemberID> = []
            for (index, member) in required.enumerated() {
                guard seen.insert(member).inserted else { throw .duplicateRequired(at: "\(requiredPath)[\(index)]", member: member) }
                guard named.contains(member) else { throw .requiredNotSigner(at: "\(requiredPath)[\(index)]", member: member) }
            }
        }
    }

    /// A wait counts only if the threshold it helps reach, plus the time lock, falls before expiry.
    private static func validateWaits(
        _ quorum: Quorum, at path: String, expiresAfter: ISODuration, timelock: ISODuration?
    ) throws(PolicyError) {
        for (index, entry) in quorum.signers.enumerated() {
            let entryPath = "\(PolicyReader.path(path, "signers"))[\(index)]"
            switch entry.signer {
            case .wait(let duration) where duration.seconds + (timelock?.seconds ?? 0) >= expiresAfter.seconds:
                throw .waitNeverCounts(at: PolicyReader.path(entryPath, "wait"), wait: duration, expiresAfter: expiresAfter, timelock: timelock)
            case .policy(let inner):
                try validateWaits(inner, at: PolicyReader.path(entryPath, "policy"), expiresAfter: expiresAfter, timelock: timelock)
            default:
                break
            }
        }
    }

    /// Every level's threshold must be reachable, the deepest levels first so that the message
    /// names the level that is at fault.
    private static func validateReachable(_ quorum: Quorum, at path: String) throws(PolicyError) {
        for (index, entry) in quorum.signers.enumerated() {
            if case .policy(let inner) = entry.signer {
                try validateReachable(inner, at: PolicyReader.path("\(PolicyReader.path(path, "signers"))[\(index)]", "policy"))
            }
        }
        let reach = StaticReach.approval(quorum, waitHorizon: nil)
        if !reach.open, reach.weight < quorum.threshold {
            throw .unreachable(at: PolicyReader.path(path, "threshold"), threshold: quorum.threshold, maximum: reach.weight)
        }
    }
}
