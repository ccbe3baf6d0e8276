import CountersignJSON

/// JSON for people: two-space indentation, members in their order, scalars as JCS writes them.
enum PrettyJSON {
    static func text(_ value: JSONValue, indent: String = "") -> String {
        let inner = indent + "  "
        switch value {
        case .object(let object):
            guard object.count > 0 else { return "{}" }
            let members = object.map { key, member in
                inner + String(decoding: JCS.canonicalize(.string(key)), as: UTF8.self) + ": " + text(member, indent: inner)
            }
            return "{\n" + members.joined(separator: ",\n") + "\n" + indent + "}"
        case .array(let array):
            guard !array.isEmpty else { return "[]" }
            return "[\n" + array.map { inner + text($0, indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        default:
            return String(decoding: JCS.canonicalize(value), as: UTF8.self)
        }
    }
}
