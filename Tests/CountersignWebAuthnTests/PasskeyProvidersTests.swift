import CountersignJSON
import Foundation
import Testing
@testable import CountersignWebAuthn

/// The shipped passkey-provider list: known AAGUIDs name their provider, the all-zero AAGUID
/// names none, and entries not shaped as the list documents are left out rather than shown.
@Suite struct PasskeyProvidersTests {
    static func uuid(_ text: String) throws -> UUID { try #require(UUID(uuidString: text)) }

    @Test("the shipped list loads, names known providers with SVG icons, and names none for the zero AAGUID")
    func shippedList() throws {
        #expect(PasskeyProviders.count >= 40)
        let google = try #require(PasskeyProviders.provider(for: try Self.uuid("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4")))
        #expect(google.name == "Google Password Manager")
        let icon = try #require(google.lightIcon)
        #expect(String(decoding: icon, as: UTF8.self).contains("<svg"))
        #expect(PasskeyProviders.provider(for: PasskeyProviders.zeroAAGUID) == nil)
        #expect(PasskeyProviders.provider(for: try Self.uuid("01020304-0506-0708-0102-030405060708")) == nil)
    }

    @Test("malformed entries are skipped: bad key, blank or over-long name, control or bidi characters, a non-SVG icon, bad base64")
    func malformedEntries() throws {
        let svg = "data:image/svg+xml;base64," + Data("<svg/>".utf8).base64EncodedString()
        let json = """
            {
              "11111111-1111-1111-1111-111111111111": {"name": "Good", "icon_light": "\(svg)"},
              "not-a-uuid": {"name": "Bad key"},
              "00000000-0000-0000-0000-000000000000": {"name": "Zero"},
              "22222222-2222-2222-2222-222222222222": {"name": ""},
              "33333333-3333-3333-3333-333333333333": {"name": "\(String(repeating: "x", count: 65))"},
              "44444444-4444-4444-4444-444444444444": {"name": "Evil\\u202Elaog"},
              "55555555-5555-5555-5555-555555555555": {"name": "Line\\nbreak"},
              "66666666-6666-6666-6666-666666666666": {"name": "Png", "icon_light": "data:image/png;base64,AAAA"},
              "77777777-7777-7777-7777-777777777777": {"name": "Bad base64", "icon_dark": "data:image/svg+xml;base64,@@@"},
              "88888888-8888-8888-8888-888888888888": {"name": 5}
            }
            """
        let table = PasskeyProviders.load(Array(json.utf8))
        #expect(table.count == 1)
        let good = try #require(table[try Self.uuid("11111111-1111-1111-1111-111111111111")])
        #expect(good.name == "Good" && good.lightIcon == Array("<svg/>".utf8) && good.darkIcon == nil)
        #expect(PasskeyProviders.load(Array("[]".utf8)).isEmpty)
        #expect(PasskeyProviders.load(Array("not json".utf8)).isEmpty)
    }
}
