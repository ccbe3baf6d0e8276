import CountersignJSON

/// An origin the relying party accepts ceremonies from, validated when the relying party is
/// configured and kept in the serialisation browsers put in clientDataJSON.
///
/// Three kinds exist:
/// - `https://host[:port]`: the web app; the default port 443 is dropped, as browsers do;
/// - `http://localhost[:port]`: development only (browsers treat localhost as a secure context);
/// - `android:apk-key-hash:<base64url SHA-256 of the signing certificate>`: a native Android app
///   using the platform FIDO2 API.
///
/// A client origin is compared with `serialized` byte for byte: browsers serialise origins in
/// exactly one way, so a client that sends any other spelling is not one the relying party knows.
public struct WebAuthnOrigin: Sendable, Hashable, CustomStringConvertible {
    /// The origin as browsers serialise it.
    public let serialized: String
    /// The host of a web origin; nil for an Android app origin.
    public let host: String?

    private static let androidPrefix = "android:apk-key-hash:"

    /// Validates and normalises an origin: lowercases scheme and host, drops a default port and a
    /// single trailing "/". Paths, queries, user information and other schemes are refused.
    public init(_ text: String) throws(WebAuthnError) {
        if text.hasPrefix(Self.androidPrefix) {
            let hash = text.dropFirst(Self.androidPrefix.count)
            guard let bytes = try? Base64URL.decode(hash), bytes.count == 32 else {
                throw WebAuthnError(.invalidConfiguration, "origin \(text): an Android origin needs the base64url SHA-256 of the APK signing certificate")
            }
            serialized = text
            host = nil
            return
        }
        var rest = Substring(text.lowercased())
        let secure: Bool
        if rest.hasPrefix("https://") {
            secure = true
            rest = rest.dropFirst("https://".count)
        } else if rest.hasPrefix("http://") {
            secure = false
            rest = rest.dropFirst("http://".count)
        } else {
            throw WebAuthnError(.invalidConfiguration, "origin \(text) must start with https://, http://localhost or android:apk-key-hash:")
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        let parts = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let hostPart = parts[0]
        guard Self.isValidHost(hostPart) else {
            throw WebAuthnError(.invalidConfiguration, "origin \(text) has no valid host (paths, queries and user information are not part of an origin)")
        }
        var port: Int?
        if parts.count == 2 {
            guard let number = Int(parts[1]), (1...65535).contains(number), String(number) == parts[1] else {
                throw WebAuthnError(.invalidConfiguration, "origin \(text) has an invalid port")
            }
            port = number
        }
        if !secure && hostPart != "localhost" {
            throw WebAuthnError(.invalidConfiguration, "origin \(text): http is allowed only for localhost (development)")
        }
        if port == (secure ? 443 : 80) { port = nil }
        host = String(hostPart)
        serialized = (secure ? "https://" : "http://") + hostPart + (port.map { ":\($0)" } ?? "")
    }

    /// Letters, digits and hyphens in non-empty dot-separated labels (IDNs in their A-label form).
    static func isValidHost(_ host: Substring) -> Bool {
        guard !host.isEmpty, host.utf8.count <= 253 else { return false }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.utf8.allSatisfy { byte in
                    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                }
        }
    }

    /// True if this is a web origin whose host is `rpID` or one of its subdomains: the origins
    /// a browser lets use `rpID` without a related origins document.
    public func isSameSite(asRPID rpID: String) -> Bool {
        guard let host else { return false }
        return host == rpID || host.hasSuffix("." + rpID)
    }

    /// The serialised origin.
    public var description: String { serialized }
}
