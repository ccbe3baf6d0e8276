/// Small helpers for sentences shown to people.
enum Words {
    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }

    /// "must approve" after one or more names.
    static func mustApprove(_ names: [String]) -> String { "\(list(names)) must approve" }
}
