/// A strict JSON (RFC 8259) parser that enforces I-JSON (RFC 7493).
///
/// Refused: duplicate member names, numbers outside the IEEE double range (and, with `.exact`,
/// numbers a double holds only rounded), unpaired surrogate escapes, invalid UTF-8, unescaped
/// control characters, trailing data, and input beyond the configured size and nesting limits.
/// Signed JOSE headers and statements must have exactly one meaning for every verifier, so every
/// ambiguity that some parser resolves differently is an error.
public struct JSONParser: Sendable {
    /// Size and depth bounds.
    public struct Limits: Sendable {
        public var maxBytes: Int
        public var maxDepth: Int

        public init(maxBytes: Int, maxDepth: Int) {
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
        }

        /// 1 MiB and depth 64: the statement limits of docs/policies.md.
        public static let standard = Limits(maxBytes: 1 << 20, maxDepth: 64)
    }

    /// How number literals are held to I-JSON's "no more precision than a double".
    public enum Numbers: Sendable {
        /// Any literal within the double's range is read as its nearest double (RFC 8785 reads
        /// numbers this way before canonicalizing, e.g. its test data's 333333333.33333329).
        case nearestDouble
        /// Only literals a double holds exactly as JCS writes them: what someone typed must be the
        /// number that is signed (JSONNumberLiteral). For text a person wrote and others sign.
        case exact
    }

    public let limits: Limits
    public let numbers: Numbers

    public init(limits: Limits = .standard, numbers: Numbers = .nearestDouble) {
        self.limits = limits
        self.numbers = numbers
    }

    /// Parses one JSON value from UTF-8 bytes.
    public func parse(_ bytes: some Collection<UInt8>) throws(JSONError) -> JSONValue {
        if bytes.count > limits.maxBytes { throw JSONError(.tooLarge(limit: limits.maxBytes), at: 0) }
        let (maxDepth, exact) = (limits.maxDepth, numbers == .exact)
        let result = bytes.withContiguousStorageIfAvailable { Self.parse(buffer: $0, maxDepth: maxDepth, exactNumbers: exact) }
        return try (result ?? Array(bytes).withUnsafeBufferPointer { Self.parse(buffer: $0, maxDepth: maxDepth, exactNumbers: exact) }).get()
    }

    private static func parse(buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int, exactNumbers: Bool) -> Result<JSONValue, JSONError> {
        var reader = JSONReader(bytes: buffer, maxDepth: maxDepth, exactNumbers: exactNumbers)
        do throws(JSONError) {
            reader.skipWhitespace()
            let value = try reader.parseValue(depth: 0)
            reader.skipWhitespace()
            if reader.position != buffer.count { throw JSONError(.trailingData, at: reader.position) }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    /// Parses one JSON value from a string.
    public func parse(_ text: String) throws(JSONError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}
