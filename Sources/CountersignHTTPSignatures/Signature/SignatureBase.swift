/// The signature base: the exact bytes signed (RFC 9421 section 2.5).
///
/// One line `"<component identifier>": <value>` per covered component, in the order the signer
/// listed them, then `"@signature-params": <serialised parameters>`; lines are joined by LF with
/// no trailing LF. Both the signer and the verifier build it from an `HTTPMessage`, so neither
/// trusts anything but the message itself and the parameters.
public enum SignatureBase {
    /// The signature base of `message` for `parameters`.
    ///
    /// Refuses a component that is absent from the message, an unsupported or duplicated one,
    /// `@signature-params` itself, and any value containing CR or LF (which could forge lines).
    public static func build(for message: HTTPMessage, parameters: SignatureParameters) throws(HTTPSignatureError) -> String {
        guard parameters.components.count <= SignatureParameters.maxComponents else {
            throw .tooManyComponents(count: parameters.components.count, limit: SignatureParameters.maxComponents)
        }
        var lines: [String] = []
        var seen = Set<ComponentIdentifier>()
        for component in parameters.components {
            guard component.name != "@signature-params" else { throw .unsupportedComponent(component.description) }
            guard seen.insert(component).inserted else { throw .duplicateComponent(component.description) }
            for value in try ComponentValue.values(of: component, in: message) {
                guard !value.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
                    throw .malformedField(field: component.name, reason: "the value contains a line break")
                }
                lines.append("\(component): \(value)")
            }
        }
        lines.append("\"@signature-params\": \(try parameters.serialized())")
        return lines.joined(separator: "\n")
    }
}
