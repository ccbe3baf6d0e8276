extension RelyingParty {
    /// Checks clientDataJSON against the ceremony (Level 3, sections 7.1 steps 7-10 and 7.2
    /// steps 11-14): type, challenge, origin, cross-origin embedding and token binding.
    public func verify(_ clientData: CollectedClientData, type: ClientDataType, challenge: [UInt8]) throws(WebAuthnError) {
        guard clientData.type == type else {
            throw WebAuthnError(.clientDataTypeMismatch, "clientDataJSON type is \"\(clientData.typeString)\", expected \"\(type.rawValue)\"")
        }
        guard Self.constantTimeEqual(clientData.challenge, challenge) else {
            throw WebAuthnError(.challengeMismatch, "the response answers another challenge than the one issued")
        }
        guard origins.contains(where: { $0.serialized == clientData.origin }) else {
            throw WebAuthnError(.originNotAllowed, "origin \(clientData.origin) is not an origin of relying party \(id)")
        }
        // A topOrigin is present only when the ceremony ran in a cross-origin iframe (Level 3).
        if clientData.crossOrigin || clientData.topOrigin != nil {
            guard allowCrossOrigin else {
                throw WebAuthnError(.crossOriginNotAllowed, "the ceremony ran in a cross-origin iframe (top origin \(clientData.topOrigin ?? "unknown"))")
            }
            if !allowedTopOrigins.isEmpty {
                guard let top = clientData.topOrigin, allowedTopOrigins.contains(where: { $0.serialized == top }) else {
                    throw WebAuthnError(.crossOriginNotAllowed, "top origin \(clientData.topOrigin ?? "(none)") may not embed the ceremony")
                }
            }
        }
        switch clientData.tokenBindingStatus {
        case nil, "supported"?:
            // The client supports token binding but did not use it: nothing to check.
            break
        case "present"?:
            // Level 2 requires the binding to match the TLS connection's; no server stack Countersign
            // runs on negotiates token binding, so a "present" claim cannot be true here.
            throw WebAuthnError(.tokenBindingNotSupported, "clientDataJSON claims token binding is present; this relying party does not negotiate token binding")
        case let status?:
            throw WebAuthnError(.tokenBindingNotSupported, "clientDataJSON token binding status \"\(status)\" is not one WebAuthn defines (present, supported)")
        }
    }

    /// Compares two byte strings in time that depends only on their lengths.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
