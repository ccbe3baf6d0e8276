import Foundation

/// One value sent to or read from a database, in the few shapes both engines share.
enum SQLValue: Sendable, Hashable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case null
}

extension SQLValue {
    /// A date as whole microseconds since 1970 (the store's timestamp precision).
    static func date(_ date: Date) -> SQLValue { .integer(StoreTime.microseconds(date)) }

    /// A date or NULL.
    static func date(_ date: Date?) -> SQLValue { date.map { .date($0) } ?? .null }

    /// A text or NULL.
    static func optionalText(_ text: String?) -> SQLValue { text.map { .text($0) } ?? .null }

    /// A boolean as 0 or 1 (one integer column type on both engines).
    static func bool(_ value: Bool) -> SQLValue { .integer(value ? 1 : 0) }
}

/// How the store writes instants: whole microseconds since 1970-01-01T00:00:00Z, as a 64-bit
/// integer, on both engines. Anything finer is rounded to the nearest microsecond.
enum StoreTime {
    /// The stored integer for `date`.
    static func microseconds(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1_000_000).rounded()
        guard value.isFinite else { return 0 }
        return Int64(max(min(value, Double(Int64.max / 2)), Double(Int64.min / 2)))
    }

    /// The date a stored integer stands for.
    static func date(microseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(microseconds) / 1_000_000)
    }

    /// `date` as it reads back after a round trip through the store.
    static func truncated(_ date: Date) -> Date { self.date(microseconds: microseconds(date)) }
}
