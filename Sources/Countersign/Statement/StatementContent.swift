import CountersignJSON

/// The one strict reading of statement content as a person wrote it: the text typed into the web
/// form (sent as `contentText`) and the file given to `countersign statement create --content`.
///
/// Why one reading: everyone signs the JCS bytes of the content, and the creator was promised that
/// these are exactly what they typed. So the text is parsed as I-JSON (RFC 7493) and nothing is
/// guessed: duplicate member names, numbers a double holds only rounded (12345678901234567890)
/// or not at all (1e400), lone surrogates and invalid UTF-8 are refused, with the reason and where
/// in the text (line, column and byte offset), instead of being silently changed on the way to
/// the signature.
public enum StatementContent {
    /// The most text accepted: the canonical limit plus room for indentation (the canonical size
    /// is checked again when the statement is made).
    public static let maximumTextBytes = 2 * Statement.maximumContentBytes

    private static let parser = JSONParser(
        limits: .init(maxBytes: maximumTextBytes, maxDepth: Statement.maximumContentDepth), numbers: .exact)

    /// Parses the creator's content text strictly; refused as `statement_content_not_ijson` with
    /// the reason and its line, column and byte offset in `text`.
    public static func parse(_ text: some Collection<UInt8>) throws(StatementError) -> JSONValue {
        do {
            return try parser.parse(text)
        } catch {
            throw .contentNotIJSON(error.description(in: text))
        }
    }
}
