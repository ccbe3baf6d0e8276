import RawStructuredFieldValues

/// The covered components and parameters of one signature: the value of a Signature-Input member
/// and of the `@signature-params` line (RFC 9421 sections 2.3 and 2.3.1).
///
/// Parameters keep the order they were written in, because the signature covers their
/// serialisation byte for byte. Parameters other than the six the RFC defines are refused: a
/// verifier that ignored one could not tell what the signer meant by it.
public struct SignatureParameters: Sendable, Hashable {
    /// The most covered components accepted.
    public static let maxComponents = 32

    /// The covered components, in order.
    public let components: [ComponentIdentifier]
    /// `created`: when the signature was made, in seconds since the Unix epoch.
    public let created: Int?
    /// `expires`: when it stops being valid, in seconds since the Unix epoch.
    public let expires: Int?
    /// `nonce`: a value the verifier checks for replay.
    public let nonce: String?
    /// `keyid`: which key signed.
    public let keyid: String?
    /// `alg`: the algorithm, if the signer stated it.
    public let algorithm: HTTPSignatureAlgorithm?
    /// `tag`: the application the signature is meant for.
    public let tag: String?
    /// The parameter names in serialisation order.
    let order: [String]

    /// Parameters for a new signature, serialised in the order created, expires, keyid, alg,
    /// nonce, tag (absent ones left out).
    public init(
        components: [ComponentIdentifier], created: Int?, expires: Int? = nil, nonce: String? = nil,
        keyid: String?, algorithm: HTTPSignatureAlgorithm? = nil, tag: String? = nil
    ) {
        let present: [(String, Bool)] = [
            ("created", created != nil), ("expires", expires != nil), ("keyid", keyid != nil),
            ("alg", algorithm != nil), ("nonce", nonce != nil), ("tag", tag != nil),
        ]
        self.init(components: components, created: created, expires: expires, nonce: nonce, keyid: keyid,
                  algorithm: algorithm, tag: tag, order: present.filter { $0.1 }.map { $0.0 })
    }

    /// Reads a Signature-Input member: an inner list of component identifiers with parameters.
    init(member: ItemOrInnerList) throws(HTTPSignatureError) {
        guard case .innerList(let list) = member else {
            throw .malformedField(field: "Signature-Input", reason: "a member must be an inner list")
        }
        guard list.bareInnerList.count <= Self.maxComponents else {
            throw .tooManyComponents(count: list.bareInnerList.count, limit: Self.maxComponents)
        }
        var components: [ComponentIdentifier] = []
        for item in list.bareInnerList {
            let component = try ComponentIdentifier(item: item)
            guard !components.contains(component) else { throw .duplicateComponent(component.description) }
            components.append(component)
        }
        var created: Int?, expires: Int?, nonce: String?, keyid: String?, algorithm: HTTPSignatureAlgorithm?, tag: String?
        var order: [String] = []
        for (name, value) in list.rfc9651Parameters {
            switch (name, value) {
            case ("created", .integer(let time)) where time >= 0: created = Int(time)
            case ("expires", .integer(let time)) where time >= 0: expires = Int(time)
            case ("nonce", .string(let text)): nonce = text
            case ("keyid", .string(let text)): keyid = text
            case ("tag", .string(let text)): tag = text
            case ("alg", .string(let text)):
                guard let known = HTTPSignatureAlgorithm(rawValue: text) else { throw .unknownAlgorithm(text) }
                algorithm = known
            default: throw .invalidParameter("\(name) is unknown or has the wrong type")
            }
            order.append(name)
        }
        self.init(components: components, created: created, expires: expires, nonce: nonce, keyid: keyid,
                  algorithm: algorithm, tag: tag, order: order)
    }

    private init(
        components: [ComponentIdentifier], created: Int?, expires: Int?, nonce: String?, keyid: String?,
        algorithm: HTTPSignatureAlgorithm?, tag: String?, order: [String]
    ) {
        self.components = components
        self.created = created
        self.expires = expires
        self.nonce = nonce
        self.keyid = keyid
        self.algorithm = algorithm
        self.tag = tag
        self.order = order
    }

    /// The serialised inner list, e.g. `("@method" "@target-uri");created=1618884473;keyid="admin"`:
    /// the value of the `@signature-params` line and of the Signature-Input member.
    public func serialized() throws(HTTPSignatureError) -> String {
        try StructuredField.serialize(.innerList(innerList))
    }

    /// The structured-field form.
    var innerList: InnerList {
        var items = BareInnerList()
        for component in components { items.append(component.item) }
        var parameters = OrderedMap<String, RFC9651BareItem>()
        for name in order {
            switch name {
            case "created": if let created { parameters[name] = .integer(Int64(created)) }
            case "expires": if let expires { parameters[name] = .integer(Int64(expires)) }
            case "nonce": if let nonce { parameters[name] = .string(nonce) }
            case "keyid": if let keyid { parameters[name] = .string(keyid) }
            case "alg": if let algorithm { parameters[name] = .string(algorithm.rawValue) }
            case "tag": if let tag { parameters[name] = .string(tag) }
            default: break
            }
        }
        return InnerList(bareInnerList: items, parameters: parameters)
    }
}
