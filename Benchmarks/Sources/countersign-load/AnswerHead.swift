/// The three facts of an HTTP/1.1 answer's head the generator needs: where the head ends, the
/// status, and the body's Content-Length. Read from the bytes as they arrived, without building
/// strings or a header table, so that reading an answer costs the generator next to nothing.
struct AnswerHead: Equatable {
    /// Bytes of the head, its blank line included.
    var length: Int
    var status: Int
    var contentLength: Int

    enum Malformed: Error, CustomStringConvertible {
        case statusLine(String)
        case noContentLength(String)
        case contentLength(String)

        var description: String {
            switch self {
            case .statusLine(let head): "the answer does not start with an HTTP/1.1 status line: \(head)"
            case .noContentLength(let head): "the answer has no Content-Length (a chunked answer is not expected): \(head)"
            case .contentLength(let line): "the answer's Content-Length is not a number: \(line)"
            }
        }
    }

    /// The head at the start of `bytes`, or nil while the blank line that ends it has not arrived.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(Malformed) -> AnswerHead? {
        guard let end = endOfHead(bytes) else { return nil }
        let head = UnsafeRawBufferPointer(rebasing: bytes[..<end])
        let prefix = Array("HTTP/1.1 ".utf8)
        guard head.count >= 12, head.prefix(9).elementsEqual(prefix), let status = digits(head[9..<12]) else {
            throw .statusLine(text(head))
        }
        var lineStart = 0
        while let newline = head[lineStart...].firstIndex(of: 10) {
            let next = newline + 1
            if let value = value(of: "content-length", inLine: head[next...]) {
                guard let length = digits(value) else { throw .contentLength(text(UnsafeRawBufferPointer(rebasing: value))) }
                return AnswerHead(length: end, status: status, contentLength: length)
            }
            lineStart = next
        }
        throw .noContentLength(text(head))
    }

    /// The length up to and including the first CR LF CR LF, if there is one.
    private static func endOfHead(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var index = 3
        while index < bytes.count {
            if bytes[index] == 10 && bytes[index - 1] == 13 && bytes[index - 2] == 10 && bytes[index - 3] == 13 {
                return index + 1
            }
            index += 1
        }
        return nil
    }

    /// The value of the header line at the start of `line` when its name is `name` (ASCII,
    /// lowercase; compared without case), trimmed of spaces, tabs and the line's CR LF.
    private static func value(of name: String, inLine line: Slice<UnsafeRawBufferPointer>) -> Slice<UnsafeRawBufferPointer>? {
        let name = Array(name.utf8)
        guard line.count > name.count, line[line.startIndex + name.count] == UInt8(ascii: ":") else { return nil }
        for (offset, expected) in name.enumerated() where line[line.startIndex + offset] | 0x20 != expected { return nil }
        var start = line.startIndex + name.count + 1
        while start < line.endIndex, line[start] == 32 || line[start] == 9 { start += 1 }
        var end = line[start...].firstIndex(of: 13) ?? line.endIndex
        while end > start, line[end - 1] == 32 || line[end - 1] == 9 { end -= 1 }
        return line[start..<end]
    }

    /// A non-negative decimal number of at most 9 digits, or nil.
    private static func digits(_ bytes: Slice<UnsafeRawBufferPointer>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var number = 0
        for byte in bytes {
            guard byte >= 48, byte <= 57 else { return nil }
            number = number * 10 + Int(byte - 48)
        }
        return number
    }

    private static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes.prefix(200), as: UTF8.self)
    }
}
