/// The ceremony a clientDataJSON was collected for (its "type" member).
public enum ClientDataType: String, Sendable, Hashable, Codable {
    /// navigator.credentials.create(): a registration.
    case create = "webauthn.create"
    /// navigator.credentials.get(): an authentication or a key attestation.
    case get = "webauthn.get"
}
