import Foundation
import Testing
@testable import CountersignServer

/// Webhook registrations refuse event names the server does not know, so the list of known names
/// must keep up with the audit actions the code writes: a new action missing from it could not be
/// subscribed to by name (only through "*").
@Suite("Webhook event names")
struct WebhookEventNamesTests {
    @Test("every audit action written in the server's sources can be subscribed to")
    func everyActionIsKnown() throws {
        let sources = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/CountersignServer")
        let pattern = try Regex(#"(?:action: |audited\([^,()]+, )"([a-z_]+\.[a-z_]+)""#)
        var found: Set<String> = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: pattern) {
                if let name = match.output[1].substring { found.insert(String(name)) }
            }
        }
        #expect(found.count > 20, "the scan found only \(found.sorted())")
        #expect(found.subtracting(WebhookEvents.known).sorted() == [])
    }
}
