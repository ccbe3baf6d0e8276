import CountersignTLog
import Foundation

/// One witness of the log: its cosigning vkey (signature type 0x04) and its submission prefix,
/// written "VKEY URL" (`--witness`, or one line of `--witness-file`). The server posts each new
/// checkpoint to URL/add-checkpoint (C2SP tlog-witness).
public struct WitnessConfiguration: Sendable, Hashable {
    public let key: NoteVerifierKey
    public let url: String

    public init(key: NoteVerifierKey, url: String) {
        self.key = key
        self.url = url
    }

    /// Parses "VKEY URL": a cosignature/v1 vkey, one space, an http(s) URL.
    public init(line: String) throws(WitnessConfigurationError) {
        let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .malformed(line, "expected \"VKEY URL\" (one space between)") }
        let key: NoteVerifierKey
        do {
            key = try NoteVerifierKey(String(parts[0]))
        } catch {
            throw .malformed(line, error.description)
        }
        guard key.type == .cosignatureV1 else { throw .malformed(line, "a witness key is a cosignature/v1 vkey (type 0x04)") }
        let url = String(parts[1])
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else { throw .malformed(line, "the submission prefix is an http(s) URL") }
        self.init(key: key, url: url.hasSuffix("/") ? String(url.dropLast()) : url)
    }

    /// Reads a witness file: one "VKEY URL" per line; blank lines and lines starting with # are skipped.
    public static func parseFile(_ text: String) throws(WitnessConfigurationError) -> [WitnessConfiguration] {
        var witnesses: [WitnessConfiguration] = []
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            witnesses.append(try WitnessConfiguration(line: trimmed))
        }
        return witnesses
    }
}

/// Why a witness setting is unusable.
public enum WitnessConfigurationError: Error, Sendable, CustomStringConvertible {
    case malformed(String, String)

    public var description: String {
        switch self {
        case .malformed(let line, let why): "witness \"\(line)\": \(why)"
        }
    }
}
