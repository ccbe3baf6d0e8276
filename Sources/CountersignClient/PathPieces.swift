import Foundation

/// An id placed in a request path: only letters, digits, "_" and "-" (every Countersign id and
/// kid is made of these), so no input can change which route a request reaches.
struct PathSegment {
    let text: String

    init(_ id: String) throws(CountersignClientError) {
        let allowed = !id.isEmpty && id.count <= 256 && id.unicodeScalars.allSatisfy {
            ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || $0 == "_" || $0 == "-"
        }
        guard allowed else { throw .invalidRequest("\"\(id)\" is not an id (letters, digits, _ and - only)") }
        text = id
    }
}

/// A query string from the parameters that have a value: "?state=pending&limit=10", or "".
struct QueryString {
    let text: String

    init(_ parameters: [(String, String?)]) {
        // RFC 3986 unreserved characters only: CharacterSet.alphanumerics would let non-ASCII
        // letters through unencoded.
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let pairs = parameters.compactMap { name, value in
            value.map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
        }
        text = pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&")
    }
}
