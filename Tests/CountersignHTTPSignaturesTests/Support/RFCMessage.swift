import Foundation
import CountersignHTTPSignatures

/// Reads the HTTP/1.1 messages printed in the RFCs (LF line endings) into `HTTPMessage`s.
/// Requests get the scheme "https" and the Host field as authority.
enum RFCMessage {
    static func parse(_ text: String) throws -> HTTPMessage {
        let parts = text.components(separatedBy: "\n\n")
        let head = parts[0].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let body = Array(parts.dropFirst().joined(separator: "\n\n").utf8)
        let fields = head.dropFirst().compactMap { line -> HTTPField? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return HTTPField(name: String(line[..<colon]), value: String(line[line.index(after: colon)...]))
        }
        let start = head[0].split(separator: " ")
        if start[0].hasPrefix("HTTP/") {
            guard start.count > 1, let status = Int(start[1]) else { throw VectorError.missing("status") }
            return HTTPMessage(status: status, fields: fields, body: body)
        }
        let host = fields.first { $0.name == "host" }.map { $0.value.trimmingCharacters(in: .whitespaces) } ?? ""
        let target = try TargetURI(parsing: "https://" + host + String(start[1]))
        return HTTPMessage(method: String(start[0]), targetURI: target, fields: fields, body: body)
    }
}
