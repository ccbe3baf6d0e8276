import CountersignJSON
import Foundation

/// What a statement search looks in (docs/api.md, "Listing and searching statements"): the
/// title and the words of the content (every member name, string and number at any depth, each
/// on its own line), case-folded the same way as the query, so that both database engines
/// compare the same bytes and no engine's own notion of case (SQLite folds ASCII only) decides
/// what matches.
public enum StatementSearchText {
    /// The longest query accepted, in characters.
    public static let maximumQueryLength = 200

    /// The searchable text of a statement with `title` and `content`.
    public static func of(title: String, content: JSONValue) -> String {
        var lines = [title]
        collect(content, into: &lines)
        return fold(lines.joined(separator: "\n"))
    }

    /// The searchable text of a statement document (`Statement.canonicalBytes`), or nil when the
    /// bytes are not a statement document's JSON.
    public static func of(document bytes: [UInt8]) -> String? {
        guard let value = try? JSONParser(limits: Statement.documentLimits).parse(bytes),
            let object = value.objectValue, let title = object["title"]?.stringValue, let content = object["content"]
        else { return nil }
        return of(title: title, content: content)
    }

    /// A query as it is compared: case-folded like the text. Nil when it is empty after
    /// trimming, longer than `maximumQueryLength`, or holds a control character (a line break
    /// would reach across two of the text's lines).
    public static func query(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= maximumQueryLength,
            !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { return nil }
        return fold(trimmed)
    }

    /// Case folding shared by text and query.
    public static func fold(_ text: String) -> String { text.lowercased() }

    private static func collect(_ value: JSONValue, into lines: inout [String]) {
        switch value {
        case .null, .bool: break
        case .number: lines.append(JCS.string(value))
        case .string(let text): lines.append(text)
        case .array(let items): for item in items { collect(item, into: &lines) }
        case .object(let object):
            for (name, member) in object {
                lines.append(name)
                collect(member, into: &lines)
            }
        }
    }
}
