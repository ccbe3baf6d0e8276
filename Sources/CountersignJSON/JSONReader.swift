/// The recursive-descent reader behind `JSONParser`, over a contiguous byte buffer.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    /// Refuse number literals a double holds only rounded (JSONParser.Numbers.exact).
    let exactNumbers: Bool
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, exactNumbers: Bool = false) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.exactNumbers = exactNumbers
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    func peek() throws(JSONError) -> UInt8 {
        guard position < bytes.count else { throw JSONError(.unexpectedEnd, at: position) }
        return bytes[position]
    }

    mutating func expect(_ literal: StaticString, value: JSONValue) throws(JSONError) -> JSONValue {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw JSONError(.unexpectedEnd, at: position) }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        for index in 0..<count where bytes[position + index] != expected[index] {
            throw JSONError(.unexpectedCharacter, at: position + index)
        }
        position += count
        return value
    }

    mutating func parseValue(depth: Int) throws(JSONError) -> JSONValue {
        switch try peek() {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try expect("true", value: .bool(true))
        case UInt8(ascii: "f"): return try expect("false", value: .bool(false))
        case UInt8(ascii: "n"): return try expect("null", value: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw JSONError(.unexpectedCharacter, at: position)
        }
    }

    mutating func parseObject(depth: Int) throws(JSONError) -> JSONValue {
        if depth > maxDepth { throw JSONError(.tooDeep(limit: maxDepth), at: position) }
        position += 1
        var object = JSONObject()
        skipWhitespace()
        if try peek() == UInt8(ascii: "}") {
            position += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard try peek() == UInt8(ascii: "\"") else { throw JSONError(.unexpectedCharacter, at: position) }
            let nameOffset = position
            let name = try parseString()
            skipWhitespace()
            guard try peek() == UInt8(ascii: ":") else { throw JSONError(.unexpectedCharacter, at: position) }
            position += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            if !object.insertNew(name, value) { throw JSONError(.duplicateName(name), at: nameOffset) }
            skipWhitespace()
            switch try peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return .object(object)
            default: throw JSONError(.unexpectedCharacter, at: position)
            }
        }
    }

    mutating func parseArray(depth: Int) throws(JSONError) -> JSONValue {
        if depth > maxDepth { throw JSONError(.tooDeep(limit: maxDepth), at: position) }
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if try peek() == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            switch try peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return .array(elements)
            default: throw JSONError(.unexpectedCharacter, at: position)
            }
        }
    }

    mutating func parseNumber() throws(JSONError) -> Double {
        let start = position
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else { throw JSONError(.invalidNumber, at: start) }
        var significantDigit = false
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) { throw JSONError(.invalidNumber, at: start) }
        } else {
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
            significantDigit = true
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else { throw JSONError(.invalidNumber, at: start) }
            while position < bytes.count, isDigit(bytes[position]) {
                if bytes[position] != UInt8(ascii: "0") { significantDigit = true }
                position += 1
            }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else { throw JSONError(.invalidNumber, at: start) }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        let literal = UnsafeBufferPointer(rebasing: bytes[start..<position])
        let text = String(decoding: literal, as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw JSONError(.numberOutOfRange, at: start) }
        // A literal with a non-zero digit that rounds to zero lost all of its magnitude.
        if value == 0 && significantDigit { throw JSONError(.numberOutOfRange, at: start) }
        // One that a double holds only rounded would be signed as another number.
        guard !exactNumbers || JSONNumberLiteral(literal)?.isExactly(value) == true else {
            throw JSONError(.numberNotExact(text: text, canonical: ECMAScriptNumber.format(value)), at: start)
        }
        return value
    }

    mutating func parseHex4() throws(JSONError) -> UInt16 {
        guard position + 4 <= bytes.count else { throw JSONError(.unexpectedEnd, at: position) }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONError(.invalidEscape, at: position)
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    mutating func parseString() throws(JSONError) -> String {
        let start = position
        position += 1
        // Fast path: no escapes, so the bytes between the quotes are the string.
        var scan = position
        var nonASCII: UInt8 = 0
        while scan < bytes.count {
            let byte = bytes[scan]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[position..<scan])
                position = scan + 1
                // ASCII is valid UTF-8 as it stands; only other text needs validating.
                if nonASCII & 0x80 == 0 { return String(decoding: slice, as: UTF8.self) }
                guard let string = String(validating: slice, as: UTF8.self) else {
                    throw JSONError(.invalidUTF8, at: start)
                }
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw JSONError(.controlCharacterInString, at: scan) }
            nonASCII |= byte
            scan += 1
        }
        if scan >= bytes.count { throw JSONError(.unexpectedEnd, at: scan) }
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[position..<scan]))
        position = scan
        while true {
            guard position < bytes.count else { throw JSONError(.unexpectedEnd, at: position) }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                guard let string = String(validating: buffer, as: UTF8.self) else {
                    throw JSONError(.invalidUTF8, at: start)
                }
                return string
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer)
            case 0..<0x20:
                throw JSONError(.controlCharacterInString, at: position)
            default:
                buffer.append(byte)
                position += 1
            }
        }
    }

    mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONError) {
        let escapeStart = position
        position += 1
        guard position < bytes.count else { throw JSONError(.unexpectedEnd, at: position) }
        let code = bytes[position]
        position += 1
        switch code {
        case UInt8(ascii: "\""): buffer.append(0x22)
        case UInt8(ascii: "\\"): buffer.append(0x5C)
        case UInt8(ascii: "/"): buffer.append(0x2F)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHex4()
            var scalarValue = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                guard position + 6 <= bytes.count, bytes[position] == UInt8(ascii: "\\"),
                      bytes[position + 1] == UInt8(ascii: "u") else {
                    throw JSONError(.loneSurrogate, at: escapeStart)
                }
                position += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw JSONError(.loneSurrogate, at: escapeStart) }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw JSONError(.loneSurrogate, at: escapeStart)
            }
            guard let scalar = Unicode.Scalar(scalarValue) else { throw JSONError(.invalidEscape, at: escapeStart) }
            UTF8.encode(scalar) { buffer.append($0) }
        default:
            throw JSONError(.invalidEscape, at: escapeStart)
        }
    }
}
