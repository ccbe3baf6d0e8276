import CountersignJSON

/// Encoding checks for Ed25519 points that the signature primitive itself does not make.
///
/// BoringSSL (behind swift-crypto) accepts public keys and R values of small order and public
/// keys whose y coordinate is not reduced (ed25519-speccheck cases 0-2 and 11). With a small-order
/// key, one signature can verify for many messages, and non-canonical encodings give one key two
/// identities (two thumbprints). Countersign refuses both, matching libsodium's strict rules.
enum Ed25519Encoding {
    /// The eight points of small order, in canonical encoding. Together with the canonicity check
    /// this also covers their non-canonical spellings.
    private static let smallOrderPoints: [[UInt8]] = [
        "0100000000000000000000000000000000000000000000000000000000000000",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000080",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    ].map(Hex.decodeLiteral)

    /// True if the 32-byte encoding names a point of small order.
    static func isSmallOrder(_ encoding: some Collection<UInt8>) -> Bool {
        smallOrderPoints.contains { $0.elementsEqual(encoding) }
    }

    /// True if the encoding is the unique canonical one: y < p, and the sign bit is clear when x = 0.
    static func isCanonical(_ encoding: some RandomAccessCollection<UInt8>) -> Bool {
        guard encoding.count == 32 else { return false }
        let start = encoding.startIndex
        func byte(_ offset: Int) -> UInt8 { encoding[encoding.index(start, offsetBy: offset)] }
        func middle(are value: UInt8) -> Bool { (1...30).allSatisfy { byte($0) == value } }
        let top = byte(31) & 0x7F
        // y >= p = 2^255 - 19: top byte 0x7f, bytes 30...1 all 0xff, low byte >= 0xed.
        if top == 0x7F && byte(0) >= 0xED && middle(are: 0xFF) { return false }
        // x = 0 exactly when y = 1 or y = p - 1; then a set sign bit is a second spelling.
        if byte(31) & 0x80 != 0 {
            let yIsOne = byte(0) == 1 && top == 0 && middle(are: 0)
            let yIsMinusOne = byte(0) == 0xEC && top == 0x7F && middle(are: 0xFF)
            if yIsOne || yIsMinusOne { return false }
        }
        return true
    }
}
