/// The exact decimal value of a JSON number literal, to decide whether a double holds it.
///
/// I-JSON (RFC 7493 section 2.2) forbids numbers with more magnitude or precision than an IEEE 754
/// double. What Countersign signs is the JCS form of the parsed value (RFC 8785), whose numbers are
/// ECMAScript's shortest spelling of the double: a literal is accepted only when that spelling has
/// the literal's exact value, so that what a member typed and what everyone signs are the same
/// number. `12345678901234567890` (signed as 12345678901234567000) and
/// `3.141592653589793238` (more digits than a double holds) are refused; `1.50`, `1e2` and
/// `0.1` are accepted: their values are those of `1.5`, `100` and `0.1`.
struct JSONNumberLiteral {
    /// Significant digits without leading or trailing zeros: the value is 0.digits × 10^exponent
    /// (empty for zero).
    let digits: [UInt8]
    let exponent: Int

    /// Reads an RFC 8259 number literal (the reader has checked its grammar); nil when its
    /// exponent does not fit an Int.
    init?(_ literal: UnsafeBufferPointer<UInt8>) {
        var index = 0
        if index < literal.count, literal[index] == UInt8(ascii: "-") { index += 1 }
        var digits: [UInt8] = []
        var pointPosition = 0
        while index < literal.count, Self.isDigit(literal[index]) {
            digits.append(literal[index])
            pointPosition += 1
            index += 1
        }
        if index < literal.count, literal[index] == UInt8(ascii: ".") {
            index += 1
            while index < literal.count, Self.isDigit(literal[index]) {
                digits.append(literal[index])
                index += 1
            }
        }
        var written = 0
        if index < literal.count, literal[index] == UInt8(ascii: "e") || literal[index] == UInt8(ascii: "E") {
            index += 1
            var negative = false
            if index < literal.count, literal[index] == UInt8(ascii: "+") || literal[index] == UInt8(ascii: "-") {
                negative = literal[index] == UInt8(ascii: "-")
                index += 1
            }
            while index < literal.count {
                let (times10, overflow1) = written.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int(literal[index] - UInt8(ascii: "0")))
                if overflow1 || overflow2 { return nil }
                written = sum
                index += 1
            }
            if negative { written = -written }
        }
        let leadingZeros = digits.prefix { $0 == UInt8(ascii: "0") }.count
        digits.removeFirst(leadingZeros)
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        let (exponent, overflow) = (pointPosition - leadingZeros).addingReportingOverflow(written)
        if overflow { return nil }
        self.digits = digits
        self.exponent = digits.isEmpty ? 0 : exponent
    }

    /// True if `value`, the double the literal was read as, is exactly the literal's value once
    /// written the way JCS writes it.
    func isExactly(_ value: Double) -> Bool {
        if digits.isEmpty { return value == 0 }
        let shortest = ECMAScriptNumber.shortestDigits(value.magnitude)
        return shortest.exponent == exponent && Array(shortest.digits.utf8) == digits
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
