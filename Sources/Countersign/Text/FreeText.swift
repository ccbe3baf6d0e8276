/// The one rule for free text that people type and others read (reasons, comments): bounded in
/// Unicode scalar values, not blank, no control character but line feed, no bidirectional
/// override or isolate. The text is checked, never changed.
enum FreeText {
    /// Throws unless `text` has 1…`maxScalars` scalars, one that is not white space, and no
    /// forbidden character.
    static func check(_ text: String, maxScalars: Int) throws(VoteReasonError) {
        var count = 0
        var blank = true
        for scalar in text.unicodeScalars {
            count += 1
            if count > maxScalars { throw .tooLong(max: maxScalars) }
            if isForbidden(scalar) { throw .forbiddenCharacter(scalar.value) }
            if !scalar.properties.isWhitespace { blank = false }
        }
        if blank { throw .empty }
    }

    /// C0 controls but line feed, DEL, C1 controls, and the bidirectional embeddings, overrides
    /// and isolates.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value == 0x0A { return false }
        if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
        if (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) { return true }
        return false
    }
}
