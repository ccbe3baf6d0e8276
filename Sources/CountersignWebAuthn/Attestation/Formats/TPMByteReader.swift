/// Reads the big-endian, size-prefixed encoding of TPM 2.0 structures (TPM 2.0 Part 2): every
/// read is bounds-checked and a structure must be consumed exactly.
struct TPMByteReader {
    private let bytes: [UInt8]
    private var position = 0
    /// Names the structure in errors ("pubArea", "certInfo").
    let structure: String

    init(_ bytes: [UInt8], structure: String) {
        self.bytes = bytes
        self.structure = structure
    }

    /// True when every byte has been read.
    var isAtEnd: Bool { position == bytes.count }

    mutating func uint8(_ field: String) throws(WebAuthnError) -> UInt8 {
        try take(1, field)[0]
    }

    mutating func uint16(_ field: String) throws(WebAuthnError) -> UInt16 {
        try take(2, field).reduce(0) { $0 << 8 | UInt16($1) }
    }

    mutating func uint32(_ field: String) throws(WebAuthnError) -> UInt32 {
        try take(4, field).reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func uint64(_ field: String) throws(WebAuthnError) -> UInt64 {
        try take(8, field).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A TPM2B_*: a UINT16 size followed by that many bytes.
    mutating func sized(_ field: String) throws(WebAuthnError) -> [UInt8] {
        let count = try uint16("\(field) size")
        return try take(Int(count), field)
    }

    mutating func take(_ count: Int, _ field: String) throws(WebAuthnError) -> [UInt8] {
        guard count <= bytes.count - position else {
            throw WebAuthnError(.attestationStatementMalformed, "tpm \(structure) is truncated in \(field)")
        }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    /// Throws unless the structure has been read to its last byte.
    func requireEnd() throws(WebAuthnError) {
        guard isAtEnd else {
            throw WebAuthnError(.attestationStatementMalformed, "tpm \(structure) has \(bytes.count - position) unexpected trailing bytes")
        }
    }
}
