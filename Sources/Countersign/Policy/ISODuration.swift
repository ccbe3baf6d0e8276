/// A fixed-length ISO 8601 duration: `PnW`, or `PnDTnHnMnS` with any non-empty subset of the
/// components in that order (`P7D`, `PT24H`, `P1DT12H`, `PT90M`).
///
/// Years and months are refused because their length depends on the calendar: "P1M" from
/// 31 January has no single answer, and a policy must mean the same thing to every verifier.
/// Fractions, signs and leading zeros are refused; durations are longer than zero and at most
/// `maximumDays`. The value keeps its spelling (so policy JSON round-trips byte for byte) and
/// compares as a spelling; use `seconds` to compare lengths.
public struct ISODuration: Sendable, Hashable, CustomStringConvertible {
    /// The longest duration accepted: 36,600 days, about a century.
    public static let maximumDays: Int64 = 36_600

    /// A unit of a duration component.
    public enum Unit: Character, Sendable, Hashable {
        case week = "W", day = "D", hour = "H", minute = "M", second = "S"

        /// Seconds in one unit.
        public var seconds: Int64 {
            switch self {
            case .week: 604_800
            case .day: 86_400
            case .hour: 3_600
            case .minute: 60
            case .second: 1
            }
        }

        var name: String {
            switch self {
            case .week: "week"
            case .day: "day"
            case .hour: "hour"
            case .minute: "minute"
            case .second: "second"
            }
        }
    }

    /// The text as written, for example `P7D`.
    public let text: String
    /// The components in the order written, for example `[(1, .day), (12, .hour)]`.
    public let components: [Component]
    /// The total length in seconds.
    public let seconds: Int64

    /// One number and its unit.
    public struct Component: Sendable, Hashable {
        /// The number written.
        public let value: Int64
        /// Its unit.
        public let unit: Unit
    }

    /// Parses and validates `text`.
    public init(_ text: String) throws(ISODurationError) {
        let characters = Array(text)
        guard characters.first == "P", characters.count > 1, characters.count <= 40 else { throw .malformed(text) }
        var components: [Component] = []
        var inTime = false
        var sawTime = false
        var position = 1
        // Units allowed next, in order; each is consumed once.
        var dateUnits: [Unit] = [.week, .day]
        var timeUnits: [Unit] = [.hour, .minute, .second]
        while position < characters.count {
            if characters[position] == "T" {
                guard !inTime, !components.contains(where: { $0.unit == .week }) else { throw .malformed(text) }
                inTime = true
                sawTime = true
                position += 1
                continue
            }
            let start = position
            while position < characters.count, characters[position].isASCII, characters[position].isNumber { position += 1 }
            guard position > start, position < characters.count else {
                if position < characters.count, characters[position] == "." || characters[position] == "," {
                    throw .fraction(text)
                }
                throw .malformed(text)
            }
            let digits = String(characters[start..<position])
            if characters[position] == "." || characters[position] == "," { throw .fraction(text) }
            guard digits.count <= 12, let value = Int64(digits) else { throw .tooLong(text, maximumDays: Self.maximumDays) }
            if digits.count > 1, digits.first == "0" { throw .leadingZero(text) }
            let designator = characters[position]
            position += 1
            if !inTime, designator == "Y" || designator == "M" { throw .calendarUnit(text) }
            guard let unit = Unit(rawValue: designator) else { throw .malformed(text) }
            var allowed = inTime ? timeUnits : dateUnits
            guard let index = allowed.firstIndex(of: unit) else { throw .malformed(text) }
            allowed.removeSubrange(0...index)
            if inTime { timeUnits = allowed } else { dateUnits = unit == .week ? [] : allowed }
            if unit == .week, !components.isEmpty { throw .malformed(text) }
            components.append(Component(value: value, unit: unit))
        }
        // A "T" needs a time component after it, and "PnW" stands alone.
        guard !components.isEmpty, !sawTime || components.last.map({ $0.unit != .day && $0.unit != .week }) == true,
              !(components.first?.unit == .week && components.count > 1) else { throw .malformed(text) }
        let limit = Self.maximumDays * Unit.day.seconds
        var total: Int64 = 0
        for component in components {
            guard component.value <= limit / component.unit.seconds else { throw .tooLong(text, maximumDays: Self.maximumDays) }
            total += component.value * component.unit.seconds
            guard total <= limit else { throw .tooLong(text, maximumDays: Self.maximumDays) }
        }
        guard total > 0 else { throw .zero(text) }
        self.text = text
        self.components = components
        self.seconds = total
    }

    public var description: String { text }

    /// The duration in words, in the units written: "7 days", "1 day 12 hours", "2 weeks".
    public var words: String {
        components.map { "\($0.value) \($0.unit.name)\($0.value == 1 ? "" : "s")" }.joined(separator: " ")
    }
}
