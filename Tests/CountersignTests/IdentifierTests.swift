import Testing
@testable import Countersign

@Suite struct IdentifierTests {
    @Test("valid identifiers keep their text")
    func valid() throws {
        #expect(try MemberID("mem_alice").rawValue == "mem_alice")
        #expect(try StatementID("st_Zm9v-_09").rawValue == "st_Zm9v-_09")
        #expect(try PolicyID("pol_" + String(repeating: "a", count: 64)).description.count == 68)
        #expect(try Role("board.finance-2_x").rawValue == "board.finance-2_x")
    }

    @Test("invalid identifiers are refused with a code", arguments: [
        ("st_1", "identifier_prefix"), ("mem_", "identifier_empty"), ("mem_a b", "identifier_character"),
        ("mem_é", "identifier_character"), ("mem_a/b", "identifier_character"), ("mem_a=", "identifier_character"),
        ("mem_" + String(repeating: "a", count: 65), "identifier_too_long"), ("MEM_a", "identifier_prefix"),
    ])
    func invalidMember(text: String, code: String) {
        #expect(throws: IdentifierError.self) { try MemberID(text) }
        do { _ = try MemberID(text) } catch { #expect(error.code == code) }
    }

    @Test("role names are lowercase", arguments: ["", "Investor", ".cfo", "cfo!", String(repeating: "r", count: 65)])
    func invalidRole(text: String) {
        #expect(throws: IdentifierError.self) { try Role(text) }
    }

    @Test("identifiers from random bytes: 16 to 48 bytes, base64url")
    func random() throws {
        let id = try MemberID(randomBytes: [UInt8](repeating: 0xFF, count: 16))
        #expect(id.rawValue == "mem_" + String(repeating: "_", count: 21) + "w")
        #expect(throws: IdentifierError.notEnoughRandomness(minimumBytes: 16)) { try StatementID(randomBytes: [1, 2, 3]) }
        #expect(try StatementID(randomBytes: [UInt8](repeating: 7, count: 100)).rawValue.count == 3 + 64)
    }
}

@Suite struct ISODurationTests {
    @Test("fixed-length durations", arguments: [
        ("P7D", 604_800, "7 days"), ("P1W", 604_800, "1 week"), ("PT24H", 86_400, "24 hours"), ("PT1M", 60, "1 minute"),
        ("P1DT12H", 129_600, "1 day 12 hours"), ("PT1H30M5S", 5_405, "1 hour 30 minutes 5 seconds"), ("PT0H1S", 1, "0 hours 1 second"),
        ("P36600D", 3_162_240_000, "36600 days"),
    ])
    func valid(text: String, seconds: Int64, words: String) throws {
        let duration = try ISODuration(text)
        #expect(duration.seconds == seconds && duration.words == words && duration.text == text)
    }

    @Test("refused durations", arguments: [
        ("P1Y", "duration_calendar_unit"), ("P1M", "duration_calendar_unit"), ("P2Y3M", "duration_calendar_unit"),
        ("PT1.5H", "duration_fraction"), ("P0,5D", "duration_fraction"), ("P07D", "duration_leading_zero"),
        ("PT0S", "duration_zero"), ("P0W", "duration_zero"), ("P36601D", "duration_too_long"), ("P9999999999999D", "duration_too_long"),
        ("", "duration_malformed"), ("P", "duration_malformed"), ("PT", "duration_malformed"), ("P1DT", "duration_malformed"),
        ("7D", "duration_malformed"), ("p7d", "duration_malformed"), ("P7d", "duration_malformed"), ("P-1D", "duration_malformed"),
        ("P1W1D", "duration_malformed"), ("P1D1D", "duration_malformed"), ("PT1S1M", "duration_malformed"), ("P1H", "duration_malformed"),
        ("P1WT1H", "duration_malformed"), ("P١D", "duration_malformed"), (" P1D", "duration_malformed"), ("P1D ", "duration_malformed"),
    ])
    func invalid(text: String, code: String) {
        do {
            _ = try ISODuration(text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.code == code, "\(text): \(error)")
        }
    }
}
