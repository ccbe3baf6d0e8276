import CountersignJSON

/// The client extension outputs Countersign uses, from a response's clientExtensionResults.
///
/// Outputs of other extensions are ignored (the relying party never asked for them, and their
/// presence changes nothing). The outputs read here must have their specified types.
public struct ClientExtensionResults: Sendable, Hashable {
    /// The PRF outputs of an assertion (or of a registration that evaluated them).
    public struct PRFOutputs: Sendable, Hashable {
        /// The PRF output for eval.first.
        public let first: [UInt8]
        /// The PRF output for eval.second, if a second salt was given.
        public let second: [UInt8]?
    }

    /// credProps.rk: whether the credential is discoverable (client-side discoverable), if reported.
    public let residentKey: Bool?
    /// prf.enabled: whether the credential supports the PRF extension (registration), if reported.
    public let prfEnabled: Bool?
    /// prf.results (assertion), passed through for the web app's key wrapping.
    public let prfResults: PRFOutputs?
    /// largeBlob.supported: whether the authenticator can store a large blob (registration), if reported.
    public let largeBlobSupported: Bool?
    /// appid: true if the client used the legacy FIDO AppID instead of the RP ID.
    public let appID: Bool
    /// The outputs as received (an empty object if the response had none).
    public let json: JSONObject

    /// No outputs.
    public init() {
        self.init(residentKey: nil, prfEnabled: nil, prfResults: nil, largeBlobSupported: nil, appID: false, json: JSONObject())
    }

    init(residentKey: Bool?, prfEnabled: Bool?, prfResults: PRFOutputs?, largeBlobSupported: Bool?, appID: Bool, json: JSONObject) {
        self.residentKey = residentKey
        self.prfEnabled = prfEnabled
        self.prfResults = prfResults
        self.largeBlobSupported = largeBlobSupported
        self.appID = appID
        self.json = json
    }

    /// Reads the outputs; `path` names the member in error messages.
    init(_ object: JSONObject, path: String) throws(WebAuthnError) {
        func bool(_ value: JSONValue?, _ name: String) throws(WebAuthnError) -> Bool? {
            switch value {
            case nil, .null?: return nil
            case .bool(let flag)?: return flag
            default: throw WebAuthnError(.malformedResponse, "\(path).\(name) must be a boolean")
            }
        }
        let members = try ResponseMembers(.object(object), path: path)
        let credProps = try members.optionalObject("credProps")
        let residentKey = try bool(credProps?["rk"], "credProps.rk")
        let prf = try members.optionalObject("prf")
        let prfEnabled = try bool(prf?["enabled"], "prf.enabled")
        var prfResults: PRFOutputs?
        if let prf {
            let prfMembers = try ResponseMembers(.object(prf), path: path + ".prf")
            if let results = try prfMembers.optionalObject("results") {
                let resultMembers = try ResponseMembers(.object(results), path: path + ".prf.results")
                prfResults = PRFOutputs(first: try resultMembers.bytes("first"), second: try resultMembers.optionalBytes("second"))
            }
        }
        let largeBlob = try members.optionalObject("largeBlob")
        self.init(
            residentKey: residentKey, prfEnabled: prfEnabled, prfResults: prfResults,
            largeBlobSupported: try bool(largeBlob?["supported"], "largeBlob.supported"),
            appID: try bool(object["appid"], "appid") ?? false, json: object)
    }
}
