/// Number serialisation of ECMAScript's Number.prototype.toString (ES2015 section 7.1.12.1),
/// which RFC 8785 section 3.2.2.3 mandates for canonical JSON.
enum ECMAScriptNumber {
    /// The ECMAScript spelling of a finite double. Callers never pass NaN or infinities: the
    /// JSON parser refuses them, so they cannot appear in a `JSONValue` built from input.
    static func format(_ value: Double) -> String {
        if value == 0 { return "0" }  // also -0
        // Integers below 2^53 are exact, so their shortest round-tripping digits are their
        // decimal digits and ECMAScript spells them as such: the weights, counts and sizes that
        // make up most numbers in the product's documents skip the digit search below.
        if value.magnitude < 9_007_199_254_740_992, value.rounded(.towardZero) == value { return String(Int64(value)) }
        return formatBySearch(value)
    }

    /// The ECMAScript spelling of a finite double from its shortest round-tripping digits: the
    /// general path, which `format` skips for exact integers.
    static func formatBySearch(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value < 0 { return "-" + formatBySearch(-value) }
        let (digits, exponent) = shortestDigits(value)
        let k = digits.count
        let n = exponent
        if k <= n && n <= 21 {
            return digits + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            let split = digits.index(digits.startIndex, offsetBy: n)
            return String(digits[..<split]) + "." + String(digits[split...])
        }
        if -6 < n && n <= 0 {
            return "0." + String(repeating: "0", count: -n) + digits
        }
        let sign = n - 1 >= 0 ? "+" : "-"
        let magnitude = String(abs(n - 1))
        if k == 1 { return digits + "e" + sign + magnitude }
        let first = digits.prefix(1)
        return first + "." + digits.dropFirst() + "e" + sign + magnitude
    }

    /// The shortest decimal digits `s` and the exponent `n` with value = 0.s × 10^n.
    ///
    /// Swift's `description` already yields the shortest round-tripping digits closest to the
    /// value (the property ECMAScript requires); only its layout differs, so it is re-read here.
    static func shortestDigits(_ value: Double) -> (digits: String, exponent: Int) {
        let text = value.description
        var mantissa = Substring(text)
        var exponent = 0
        if let marker = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<marker]
            exponent = Int(text[text.index(after: marker)...]) ?? 0
        }
        let integerPart = mantissa.prefix { $0 != "." }
        let allDigits = mantissa.filter { $0 != "." }
        let leadingZeros = allDigits.prefix { $0 == "0" }.count
        var digits = String(allDigits.dropFirst(leadingZeros))
        while digits.hasSuffix("0") { digits.removeLast() }
        return (digits, integerPart.count - leadingZeros + exponent)
    }
}
