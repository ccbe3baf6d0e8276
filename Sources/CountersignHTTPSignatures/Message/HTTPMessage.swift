/// An HTTP request or response as RFC 9421 sees it, independent of any HTTP library.
///
/// The server adapts its framework's request into this value and the client builds one before
/// sending; both then derive the same signature base from it.
public struct HTTPMessage: Sendable, Hashable {
    /// The request method, as sent (methods are case-sensitive); nil for a response.
    public var method: String?
    /// The request target; nil for a response.
    public var targetURI: TargetURI?
    /// The response status code; nil for a request.
    public var status: Int?
    /// The header field lines in order, names lowercased.
    public var fields: [HTTPField]
    /// The content (empty when there is none).
    public var body: [UInt8]

    /// A request.
    public init(method: String, targetURI: TargetURI, fields: [HTTPField] = [], body: [UInt8] = []) {
        self.method = method
        self.targetURI = targetURI
        self.status = nil
        self.fields = fields
        self.body = body
    }

    /// A response.
    public init(status: Int, fields: [HTTPField] = [], body: [UInt8] = []) {
        self.method = nil
        self.targetURI = nil
        self.status = status
        self.fields = fields
        self.body = body
    }

    /// The values of every line of field `name` (any case), in order.
    public func values(of name: String) -> [String] {
        let name = name.lowercased()
        return fields.filter { $0.name == name }.map(\.value)
    }

    /// The combined value of field `name`: each line trimmed, joined with ", " (RFC 9110
    /// section 5.3); nil if the field is absent.
    public func combinedValue(of name: String) -> String? {
        let lines = values(of: name)
        guard !lines.isEmpty else { return nil }
        return lines.map(Self.trimmed).joined(separator: ", ")
    }

    /// This message with one more field line.
    public func adding(_ name: String, _ value: String) -> HTTPMessage {
        var copy = self
        copy.fields.append(HTTPField(name: name, value: value))
        return copy
    }

    /// This message with a `Content-Digest` for its body added.
    public func addingContentDigest(_ algorithms: [DigestAlgorithm] = [.sha256]) -> HTTPMessage {
        adding("content-digest", ContentDigest.fieldValue(for: body, algorithms: algorithms))
    }

    /// A value without leading and trailing spaces and tabs.
    static func trimmed(_ value: String) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        let start = value.firstIndex { !isBlank($0) } ?? value.endIndex
        let end = value.lastIndex { !isBlank($0) }.map(value.index(after:)) ?? start
        return String(value[start..<end])
    }
}
