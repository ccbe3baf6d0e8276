import CountersignJSON

/// Typed access to the members of a W3C response object, each failure a `malformed_response`
/// naming the member's path.
struct ResponseMembers {
    let object: JSONObject
    /// Where this object sits in the response, e.g. "response.response".
    let path: String

    init(_ value: JSONValue?, path: String) throws(WebAuthnError) {
        guard let object = value?.objectValue else {
            throw WebAuthnError(.malformedResponse, "\(path) must be a JSON object")
        }
        self.object = object
        self.path = path
    }

    private func name(_ member: String) -> String { path.isEmpty ? member : "\(path).\(member)" }

    /// A member that must be a string.
    func string(_ member: String) throws(WebAuthnError) -> String {
        guard let value = object[member]?.stringValue else {
            throw WebAuthnError(.malformedResponse, "\(name(member)) must be a string")
        }
        return value
    }

    /// A member that may be absent or null, and otherwise must be a string.
    func optionalString(_ member: String) throws(WebAuthnError) -> String? {
        switch object[member] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw WebAuthnError(.malformedResponse, "\(name(member)) must be a string")
        }
    }

    /// A member holding base64url bytes.
    func bytes(_ member: String) throws(WebAuthnError) -> [UInt8] {
        try ResponseBase64URL.decode(try string(member), member: self.name(member))
    }

    /// A member that may be absent or null, and otherwise holds base64url bytes.
    func optionalBytes(_ member: String) throws(WebAuthnError) -> [UInt8]? {
        guard let text = try optionalString(member) else { return nil }
        return try ResponseBase64URL.decode(text, member: self.name(member))
    }

    /// A member that may be absent or null, and otherwise is an array of strings.
    func optionalStrings(_ member: String) throws(WebAuthnError) -> [String]? {
        switch object[member] {
        case nil, .null?: return nil
        case .array(let elements)?:
            var strings: [String] = []
            for element in elements {
                guard let string = element.stringValue else {
                    throw WebAuthnError(.malformedResponse, "\(name(member)) must hold only strings")
                }
                strings.append(string)
            }
            return strings
        default: throw WebAuthnError(.malformedResponse, "\(name(member)) must be an array of strings")
        }
    }

    /// A member that may be absent or null, and otherwise is an object.
    func optionalObject(_ member: String) throws(WebAuthnError) -> JSONObject? {
        switch object[member] {
        case nil, .null?: return nil
        case .object(let value)?: return value
        default: throw WebAuthnError(.malformedResponse, "\(name(member)) must be a JSON object")
        }
    }
}

/// Base64url as browsers and libraries put it in response JSON.
///
/// `toJSON()` emits unpadded base64url, but several server libraries and older clients pad it
/// with `=`, and some test tools (webauthntest.azurewebsites.net) used the standard alphabet.
/// Nothing signs these spellings: what is verified is the decoded bytes (clientDataJSON,
/// authenticator data, the attestation object), so the spelling is accepted when it is one
/// unambiguous encoding: padding exactly as the length requires, one alphabet (URL-safe or
/// standard, never both mixed), and zero trailing bits. The challenge inside clientDataJSON is
/// not read here: it stays strict base64url, as browsers write it.
enum ResponseBase64URL {
    /// Decodes `text`; `member` names it in the error message, and is evaluated only then.
    static func decode(_ text: String, member: @autoclosure () -> String) throws(WebAuthnError) -> [UInt8] {
        var text = text
        // Contiguous bytes, and the common spelling first: this runs on every member of every response.
        let result = text.withUTF8 { buffer in decode(buffer) }
        switch result {
        case .success(let bytes): return bytes
        case .failure(.misplacedPadding): throw WebAuthnError(.malformedResponse, "\(member()) has misplaced '=' padding")
        case .failure(.mixedAlphabets): throw WebAuthnError(.malformedResponse, "\(member()) mixes the base64 and base64url alphabets")
        case .failure(.invalid(let error)): throw WebAuthnError(.malformedResponse, "\(member()) is not base64url: \(error.description)")
        }
    }

    private enum Failure: Error {
        case misplacedPadding
        case mixedAlphabets
        case invalid(Base64URLError)
    }

    private static func decode(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<[UInt8], Failure> {
        var end = buffer.count
        if end % 4 == 0 {
            var padding = 0
            while padding < 2, end > 0, buffer[end - 1] == UInt8(ascii: "=") {
                end -= 1
                padding += 1
            }
            // "xx==" pads one byte, "xxx=" two; anything else (e.g. "xxxx==") is not padding.
            if padding > 0, end % 4 + padding != 4 { return .failure(.misplacedPadding) }
        }
        let body = UnsafeBufferPointer(rebasing: buffer[0..<end])
        let urlSafeError: Base64URLError
        do throws(Base64URLError) {
            return .success(try Base64URL.decode(utf8: body))
        } catch {
            urlSafeError = error
        }
        // Not base64url: perhaps the standard alphabet, used whole.
        guard body.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "/") }) else { return .failure(.invalid(urlSafeError)) }
        guard !body.contains(where: { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }) else { return .failure(.mixedAlphabets) }
        let translated = body.map { byte in
            switch byte {
            case UInt8(ascii: "+"): UInt8(ascii: "-")
            case UInt8(ascii: "/"): UInt8(ascii: "_")
            default: byte
            }
        }
        do throws(Base64URLError) {
            return .success(try Base64URL.decode(utf8: translated))
        } catch {
            return .failure(.invalid(error))
        }
    }
}
