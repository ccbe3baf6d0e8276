import RawStructuredFieldValues

/// The values of one covered component in a message (RFC 9421 sections 2.1 and 2.2).
///
/// Most components have one value; `@query-param` has one per occurrence of the parameter, each
/// becoming its own line of the signature base.
enum ComponentValue {
    /// Header fields whose structured type is known, so `;sf` can re-serialise them.
    static let dictionaryFields: Set<String> = [
        "content-digest", "repr-digest", "want-content-digest", "want-repr-digest",
        "signature", "signature-input", "accept-signature",
    ]

    /// The value lines of `component` in `message`.
    static func values(of component: ComponentIdentifier, in message: HTTPMessage) throws(HTTPSignatureError) -> [String] {
        if component.name.hasPrefix("@") { return try derived(component, message) }
        guard component.name == component.name.lowercased(), !component.name.isEmpty else {
            throw .unsupportedComponent(component.description)
        }
        return [try field(component, message)]
    }

    private static func derived(_ component: ComponentIdentifier, _ message: HTTPMessage) throws(HTTPSignatureError) -> [String] {
        let unavailable = HTTPSignatureError.componentUnavailable(component.description)
        if component.name == "@query-param" {
            guard component.parameters.count == 1, case .name(let name) = component.parameters[0] else {
                throw .unsupportedComponent(component.description)
            }
            guard let target = message.targetURI else { throw unavailable }
            let wanted = QueryParameters.normalizedName(name)
            let values = QueryParameters.pairs(target.query ?? "").filter { $0.name == wanted }.map(\.value)
            guard !values.isEmpty else { throw unavailable }
            return values
        }
        guard component.parameters.isEmpty else { throw .unsupportedComponent(component.description) }
        if component.name == "@status" {
            guard let status = message.status, (100...999).contains(status) else { throw unavailable }
            return [String(status)]
        }
        if component.name == "@method" {
            guard let method = message.method else { throw unavailable }
            return [method]
        }
        guard let target = message.targetURI else { throw unavailable }
        switch component.name {
        case "@target-uri": return [target.absoluteString]
        case "@authority": return [target.authority]
        case "@scheme": return [target.scheme]
        case "@request-target": return [target.requestTarget]
        case "@path": return [target.path]
        case "@query": return [target.queryComponent]
        default: throw .unsupportedComponent(component.description)
        }
    }

    private static func field(_ component: ComponentIdentifier, _ message: HTTPMessage) throws(HTTPSignatureError) -> String {
        let lines = message.values(of: component.name)
        guard !lines.isEmpty else { throw .componentUnavailable(component.description) }
        switch component.parameters {
        case []:
            return lines.map(HTTPMessage.trimmed).joined(separator: ", ")
        case [.byteSequence]:
            return lines.map { ":" + Base64.encode(Array(HTTPMessage.trimmed($0).utf8)) + ":" }.joined(separator: ", ")
        case [.structured]:
            return try structured(component, lines.map(HTTPMessage.trimmed).joined(separator: ", "))
        case let parameters where parameters.count == 1:
            guard case .key(let key) = parameters[0] else { throw .unsupportedComponent(component.description) }
            let combined = lines.map(HTTPMessage.trimmed).joined(separator: ", ")
            let dictionary = try StructuredField.dictionary(combined, field: component.name)
            guard let member = dictionary[key] else { throw .componentUnavailable(component.description) }
            return try StructuredField.serialize(member)
        default:
            throw .unsupportedComponent(component.description)
        }
    }

    /// A dictionary field re-serialised in canonical form.
    private static func structured(_ component: ComponentIdentifier, _ value: String) throws(HTTPSignatureError) -> String {
        guard dictionaryFields.contains(component.name) else { throw .unsupportedComponent(component.description) }
        let dictionary = try StructuredField.dictionary(value, field: component.name)
        do {
            var serializer = StructuredFieldValueSerializer()
            return String(decoding: try serializer.writeDictionaryFieldValue(dictionary), as: UTF8.self)
        } catch {
            throw .malformedField(field: component.name, reason: "cannot be serialised (\(error))")
        }
    }
}
