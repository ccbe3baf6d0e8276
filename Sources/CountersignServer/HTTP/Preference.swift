import Foundation
import HTTPTypes
import Hummingbird

/// The `Prefer` request header (RFC 7240) as far as the API honours it: `return=minimal` on a
/// vote asks for a signed vote receipt instead of the whole statement view (docs/api.md). Every
/// other preference is ignored, as RFC 7240 allows.
enum Preference {
    static let prefer = HTTPField.Name("Prefer")!
    static let applied = HTTPField.Name("Preference-Applied")!

    /// Whether one of the request's `Prefer` fields holds `return=minimal` (case-insensitive
    /// name, value optionally quoted, parameters after ";" ignored).
    static func returnMinimal(in request: Request) -> Bool {
        request.headers[values: prefer].contains { field in
            field.split(separator: ",").contains { preference in
                let token = preference.split(separator: ";", maxSplits: 1).first ?? ""
                let parts = token.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, parts[0].lowercased() == "return" else { return false }
                return parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased() == "minimal"
            }
        }
    }
}
