import Foundation

/// A row read back from a query: its values by column position. The accessors turn a value of the
/// wrong shape into `StoreError.corruptRow`, never into a crash.
struct SQLRow: Sendable, Hashable {
    var values: [SQLValue]

    private func value(_ index: Int) throws -> SQLValue {
        guard values.indices.contains(index) else {
            throw StoreError.corruptRow("column \(index) missing (row has \(values.count))")
        }
        return values[index]
    }

    private func mismatch(_ index: Int, _ expected: String) -> StoreError {
        .corruptRow("column \(index): expected \(expected), found \(values.indices.contains(index) ? "\(values[index])" : "nothing")")
    }

    func int(_ index: Int) throws -> Int64 {
        guard case .integer(let value) = try value(index) else { throw mismatch(index, "an integer") }
        return value
    }

    func optionalInt(_ index: Int) throws -> Int64? {
        if case .null = try value(index) { return nil }
        return try int(index)
    }

    func text(_ index: Int) throws -> String {
        guard case .text(let value) = try value(index) else { throw mismatch(index, "text") }
        return value
    }

    func optionalText(_ index: Int) throws -> String? {
        if case .null = try value(index) { return nil }
        return try text(index)
    }

    func blob(_ index: Int) throws -> [UInt8] {
        switch try value(index) {
        case .blob(let value): return value
        case .text(let value) where value.isEmpty: return []  // SQLite may hand back an empty blob as ""
        default: throw mismatch(index, "a blob")
        }
    }

    func optionalBlob(_ index: Int) throws -> [UInt8]? {
        if case .null = try value(index) { return nil }
        return try blob(index)
    }

    func bool(_ index: Int) throws -> Bool {
        switch try int(index) {
        case 0: return false
        case 1: return true
        default: throw mismatch(index, "0 or 1")
        }
    }

    func date(_ index: Int) throws -> Date { StoreTime.date(microseconds: try int(index)) }

    func optionalDate(_ index: Int) throws -> Date? { try optionalInt(index).map(StoreTime.date(microseconds:)) }

    /// A text column holding the raw value of `T`; an unknown value is a corrupt row.
    func enumeration<T: RawRepresentable>(_ index: Int, as type: T.Type) throws -> T where T.RawValue == String {
        let raw = try text(index)
        guard let value = T(rawValue: raw) else { throw StoreError.corruptRow("column \(index): unknown \(T.self) \"\(raw)\"") }
        return value
    }

    /// A text column holding an identifier or role, validated by `make`.
    func parsed<T>(_ index: Int, _ what: String, _ make: (String) throws -> T) throws -> T {
        let raw = try text(index)
        do {
            return try make(raw)
        } catch {
            throw StoreError.corruptRow("column \(index): invalid \(what) \"\(raw)\": \(error)")
        }
    }
}
