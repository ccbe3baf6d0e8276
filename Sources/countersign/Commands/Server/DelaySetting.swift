import ArgumentParser
import Foundation

/// A delay as `serve` takes it: whole seconds ("90") or a number with a unit ("90s", "15m",
/// "24h", "7d"). 0 is allowed (development: operations still go through the schedule). At most
/// 365 days, so a typo cannot postpone an operation for ever.
enum DelaySetting {
    static let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
    static let maximum: TimeInterval = 365 * 86400

    static func parse(_ text: String, setting: String) throws -> TimeInterval {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var digits = Substring(trimmed)
        var unit: Double = 1
        if let last = trimmed.last, let factor = units[last] {
            digits = trimmed.dropLast()
            unit = factor
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), digits.count <= 9, let value = Double(digits) else {
            throw ValidationError("\(setting) must be whole seconds or a duration such as 0, 90s, 15m, 24h or 7d, not \"\(text.prefix(40))\"")
        }
        let seconds = value * unit
        guard seconds <= maximum else { throw ValidationError("\(setting) must be at most 365 days") }
        return seconds
    }
}
