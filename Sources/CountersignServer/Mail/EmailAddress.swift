/// An email address as Countersign accepts it: the strict, common subset of RFC 5321's
/// Mailbox that needs no quoting anywhere, so that it can be written into an SMTP command and a
/// mail header as it is. At most 254 bytes; printable ASCII only (no space, no control character,
/// so no CR or LF can ever reach a header or a command); exactly one "@"; a local part of 1 to 64
/// RFC 5322 atext characters and dots (no leading, trailing or double dot; no quoted form); a
/// domain of 1 to 63-character labels of letters, digits and inner hyphens. Internationalised
/// addresses (SMTPUTF8) are refused.
struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address exactly as given (it passed every rule above).
    let text: String

    static let maxLength = 254
    private static let atextSymbols = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    init(_ text: String) throws(ServiceError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= Self.maxLength else {
            throw Self.refusal("is 1 to \(Self.maxLength) characters long")
        }
        guard bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw Self.refusal("may hold only printable ASCII characters, no spaces or line breaks")
        }
        let parts = bytes.split(separator: UInt8(ascii: "@"), omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw Self.refusal("needs exactly one @") }
        let local = parts[0]
        let domain = parts[1]
        guard (1...64).contains(local.count), Self.isDotAtom(local, allowed: Self.isAtext) else {
            throw Self.refusal("has an invalid part before the @")
        }
        guard Self.isDomain(domain) else { throw Self.refusal("has an invalid domain after the @") }
        self.text = text
    }

    var description: String { text }

    /// The part after the "@".
    var domain: String { String(text[text.index(after: text.lastIndex(of: "@") ?? text.startIndex)...]) }

    private static func refusal(_ rule: String) -> ServiceError {
        .invalid("invalid_email", "the email address \(rule)")
    }

    private static func isAtext(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || atextSymbols.contains(byte)
    }

    /// Dot-separated non-empty runs of allowed bytes.
    private static func isDotAtom(_ bytes: ArraySlice<UInt8>, allowed: (UInt8) -> Bool) -> Bool {
        let atoms = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return atoms.allSatisfy { !$0.isEmpty && $0.allSatisfy(allowed) }
    }

    private static func isDomain(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard (1...253).contains(bytes.count) else { return false }
        let labels = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            guard (1...63).contains(label.count), label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else { return false }
            return label.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "-")
            }
        }
    }
}
