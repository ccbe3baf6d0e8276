import PropertyBased
import Testing
@testable import Countersign

/// Identifiers and role names are checked byte by byte in the common case; these properties hold
/// that check to the definition (docs/formats.md), written here character by character, on random
/// texts that mix allowed bytes with the ones that must be refused: other ASCII, letters outside
/// ASCII and combining marks that would join an allowed letter into one character.
@Suite struct IdentifierPropertyTests {
    static let pieces: [String] = [
        "a", "z", "A", "Z", "0", "9", "-", "_", ".", " ", "/", "=", "é", "\u{301}", "ß", "m", "e", "mem_", "MEM_", "€",
    ]

    static func text(maxPieces: Int) -> Generator<String, Shrink.None<String>> {
        Generator { rng in
            let count = Int.random(in: 0...maxPieces, using: &rng)
            var text = Bool.random(using: &rng) ? "mem_" : ""
            for _ in 0..<count { text += pieces[Int.random(in: 0..<pieces.count, using: &rng)] }
            if Int.random(in: 0..<8, using: &rng) == 0 { text += String(repeating: "a", count: Int.random(in: 55...70, using: &rng)) }
            return text
        }
    }

    static func isBase64URLCharacter(_ character: Character) -> Bool {
        guard character.isASCII, let ascii = character.asciiValue else { return false }
        return Character(Unicode.Scalar(ascii)).isLetter || Character(Unicode.Scalar(ascii)).isNumber || character == "-" || character == "_"
    }

    @Test("a member id is accepted exactly when its text is mem_ and 1 to 64 base64url characters")
    func memberIDs() async {
        await propertyCheck(count: 2_000, input: Self.text(maxPieces: 12)) { text in
            let body = text.hasPrefix("mem_") ? Array(text.dropFirst(4)) : nil
            let expected = body.map { (1...64).contains($0.count) && $0.allSatisfy(Self.isBase64URLCharacter) } ?? false
            #expect(((try? MemberID(text)) != nil) == expected, "\(text.debugDescription)")
        }
    }

    @Test("a role is accepted exactly when it is 1 to 64 of a-z 0-9 . - _ and starts with a letter or digit")
    func roles() async {
        await propertyCheck(count: 2_000, input: Self.text(maxPieces: 6)) { text in
            let characters = Array(text)
            let allowed = characters.enumerated().allSatisfy { offset, character in
                guard character.isASCII else { return false }
                if character.isLowercase || character.isNumber { return true }
                return offset > 0 && (character == "." || character == "-" || character == "_")
            }
            let expected = (1...64).contains(characters.count) && allowed
            #expect(((try? Role(text)) != nil) == expected, "\(text.debugDescription)")
        }
    }
}
