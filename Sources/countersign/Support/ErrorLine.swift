import ArgumentParser
import CountersignClient
import Foundation

/// The one line a failed command prints on standard error.
///
/// An unreachable server is `countersign: cannot connect to URL: connection refused` whatever the
/// command, since the connection is at fault and not what was asked; any other failure is
/// `countersign <command>: <reason>` (or `countersign: <reason>` when the command is not known).
/// A reason that spans lines is joined into one, so that scripts can read the first line alone.
enum ErrorLine {
    static func text(for error: any Error, command: String?) -> String {
        let reason: String
        switch error {
        case let error as CountersignClientError:
            if case .transport(let line) = error { return "countersign: \(oneLine(line))" }
            reason = error.description
        case let error as ValidationError:
            reason = error.message
        default:
            reason = String(describing: error)
        }
        return (command.map { "countersign \($0): " } ?? "countersign: ") + oneLine(reason)
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
