import CountersignJSON

/// The name/value pairs of a query for `@query-param` (RFC 9421 section 2.2.8).
///
/// The query is split as application/x-www-form-urlencoded (on "&", then the first "="), names
/// and values are percent-decoded ("+" is a space), and both are percent-encoded again with
/// everything but unreserved characters escaped, so that differently encoded spellings of the
/// same parameter sign the same way.
enum QueryParameters {
    /// The pairs of `query` in order, re-encoded.
    static func pairs(_ query: String) -> [(name: String, value: String)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = pieces.first.map(String.init) ?? ""
            let value = pieces.count > 1 ? String(pieces[1]) : ""
            return (encode(decode(name)), encode(decode(value)))
        }
    }

    /// Normalises a parameter name the way pairs are normalised.
    static func normalizedName(_ name: String) -> String { encode(decode(name)) }

    /// Form decoding: "+" is a space, "%XX" a byte; a malformed escape is kept literally.
    static func decode(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let escaped = Hex.decode(String(decoding: bytes[index + 1...index + 2], as: UTF8.self)) {
                output += escaped
                index += 3
                continue
            }
            output.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index += 1
        }
        return output
    }

    /// Percent-encodes every byte outside ALPHA / DIGIT / "-" / "." / "_" / "~", in uppercase hex.
    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.append(byte)
            default:
                output += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
