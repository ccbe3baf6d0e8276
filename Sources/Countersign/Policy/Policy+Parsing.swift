import CountersignJSON

extension Policy {
    /// Bounds for policy JSON text: whitespace may make it larger than its canonical form, which
    /// `PolicyLimits.maximumBytes` bounds.
    static let textLimits = JSONParser.Limits(maxBytes: 1 << 20, maxDepth: 64)

    /// Parses policy JSON text strictly (I-JSON, unknown fields refused) and validates it.
    public init(json bytes: some Collection<UInt8>) throws(PolicyError) {
        let value: JSONValue
        do { value = try JSONParser(limits: Self.textLimits).parse(bytes) } catch { throw .notJSON(error) }
        try self.init(json: value)
    }

    /// Reads a parsed policy strictly (unknown fields refused) and validates it.
    public init(json value: JSONValue) throws(PolicyError) {
        var reader = PolicyReader()
        guard let object = value.objectValue else { throw .notAnObject(at: "") }
        let quorum = try reader.quorum(object, at: "", depth: 1)
        var rejectThreshold: Int?
        if let value = object["rejectThreshold"] {
            rejectThreshold = try PolicyReader.integer(value, at: "rejectThreshold", limit: PolicyLimits.maximumThreshold) {
                .invalidRejectThreshold(at: $0, value: $1)
            }
        }
        let expiresAfter = try object["expiresAfter"].map { value throws(PolicyError) in try PolicyReader.duration(value, at: "expiresAfter") }
        let timelock = try object["timelock"].map { value throws(PolicyError) in try PolicyReader.duration(value, at: "timelock") }
        let stepUp = try object["stepUp"].map { value throws(PolicyError) in try PolicyReader.bool(value, at: "stepUp") }
        let allowSelfApproval = try object["allowSelfApproval"].map { value throws(PolicyError) in
            try PolicyReader.bool(value, at: "allowSelfApproval")
        }
        let keyAttestation = try object["keyAttestation"].map { value throws(PolicyError) in try PolicyReader.keyAttestation(value) }
        try self.init(
            quorum, rejectThreshold: rejectThreshold, expiresAfter: expiresAfter, timelock: timelock, stepUp: stepUp,
            allowSelfApproval: allowSelfApproval, keyAttestation: keyAttestation)
    }
}
