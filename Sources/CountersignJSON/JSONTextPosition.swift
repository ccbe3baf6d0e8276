/// Where a byte offset of JSON text is for a person: 1-based line and column.
///
/// Lines end at LF (a CR LF pair counts once, a lone CR does not start a line: JSON text typed
/// in a browser or an editor uses LF or CR LF). Columns count Unicode scalars, not bytes, so that
/// "é" or "€" before the problem counts as one column.
public struct JSONTextPosition: Sendable, Equatable {
    public let line: Int
    public let column: Int

    /// The position of `offset` in `text`; an offset at or past the end is the position after the
    /// last byte.
    public init(offset: Int, in text: some Collection<UInt8>) {
        var line = 1
        var column = 1
        for (index, byte) in text.enumerated() {
            if index >= offset { break }
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                // Not a UTF-8 continuation byte: a new scalar starts here.
                column += 1
            }
        }
        self.line = line
        self.column = column
    }
}
