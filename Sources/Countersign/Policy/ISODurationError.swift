/// Why a duration such as `"P7D"` was refused.
public enum ISODurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not of the form `PnW` or `PnDTnHnMnS`.
    case malformed(String)
    /// Years or months, whose length depends on the calendar.
    case calendarUnit(String)
    /// A decimal fraction such as `PT1.5H`.
    case fraction(String)
    /// A number written with a leading zero, such as `P07D`.
    case leadingZero(String)
    /// A duration of zero.
    case zero(String)
    /// Longer than the limit, in days.
    case tooLong(String, maximumDays: Int64)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .malformed: "duration_malformed"
        case .calendarUnit: "duration_calendar_unit"
        case .fraction: "duration_fraction"
        case .leadingZero: "duration_leading_zero"
        case .zero: "duration_zero"
        case .tooLong: "duration_too_long"
        }
    }

    public var description: String {
        switch self {
        case .malformed(let text):
            "\"\(text)\" is not an ISO 8601 duration of the form PnW or PnDTnHnMnS (for example P7D, PT24H, P1DT12H, P2W)"
        case .calendarUnit(let text):
            "\"\(text)\" uses years or months, which have no fixed length; write days or weeks instead (P30D, P52W)"
        case .fraction(let text):
            "\"\(text)\" has a fraction; use whole numbers of a smaller unit (PT90M rather than PT1.5H)"
        case .leadingZero(let text):
            "\"\(text)\" has a number with a leading zero"
        case .zero(let text):
            "\"\(text)\" is zero; a duration must be longer than zero"
        case .tooLong(let text, let maximumDays):
            "\"\(text)\" is longer than the limit of \(maximumDays) days"
        }
    }
}
