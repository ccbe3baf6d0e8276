import Foundation

/// Shared phrasing of the mails: times in UTC with the time left, and the closing lines that
/// say what a link is (docs/SECURITY.md, "Notifications by email").
enum MailWording {
    /// "2026-12-08 12:00 UTC".
    static func time(_ date: Date) -> String { utc(date, format: "yyyy-MM-dd HH:mm 'UTC'") }

    /// `date` in UTC with a fixed (POSIX) locale and the `DateFormatter` pattern `format`.
    static func utc(_ date: Date, format: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter.string(from: date)
    }

    /// "2 days 3 hours", "5 hours 12 minutes", "40 minutes", "less than a minute".
    static func duration(_ interval: TimeInterval) -> String {
        let minutes = Int(max(0, interval) / 60)
        let (days, hours, rest) = (minutes / 1440, minutes / 60 % 24, minutes % 60)
        func unit(_ count: Int, _ name: String) -> String { "\(count) \(name)\(count == 1 ? "" : "s")" }
        if days > 0 { return hours > 0 ? "\(unit(days, "day")) \(unit(hours, "hour"))" : unit(days, "day") }
        if hours > 0 { return rest > 0 ? "\(unit(hours, "hour")) \(unit(rest, "minute"))" : unit(hours, "hour") }
        return minutes > 0 ? unit(minutes, "minute") : "less than a minute"
    }

    /// The last paragraph of every notification.
    static func footer(linkBase: String) -> String {
        """
        This mail was sent by the Countersign server at \(linkBase) because your address is \
        confirmed on your account. Links in it only open pages: nothing is approved, rejected or \
        cancelled without your passkey. You can remove your address on your account page.
        """
    }
}
