import CountersignHTTPSignatures
import Foundation

/// A webhook URL that passed the syntactic checks: absolute http or https, a host, no user
/// information, no fragment, at most `maxLength` characters of printable ASCII.
struct WebhookTarget: Sendable, Hashable {
    static let maxLength = 2000

    let url: String
    /// The host without IPv6 brackets.
    let host: String
    /// scheme://host[:port], without path or query (which may hold the receiver's secret).
    let origin: String

    init(_ text: String) throws(WebhookTargetError) {
        guard !text.isEmpty, text.utf8.count <= Self.maxLength else {
            throw .invalidURL("a webhook URL has 1 to \(Self.maxLength) characters")
        }
        guard text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw .invalidURL("a webhook URL is printable ASCII without spaces (percent-encode the rest)")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https"
        else { throw .invalidURL("a webhook URL is an absolute http or https URL") }
        guard components.user == nil, components.password == nil, !text.contains("@") || Self.atOnlyAfterAuthority(text) else {
            throw .invalidURL("a webhook URL must not carry user information")
        }
        guard components.fragment == nil else { throw .invalidURL("a webhook URL has no fragment") }
        var host = components.host ?? ""
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains("%") else { throw .invalidURL("a webhook URL needs a host (no zone, no escapes)") }
        if let port = components.port, !(1...65535).contains(port) { throw .invalidURL("the port must be 1...65535") }
        do {
            _ = try TargetURI(parsing: text)
        } catch {
            throw .invalidURL("a webhook URL must be a valid target URI: \(error)")
        }
        self.url = text
        self.host = host.lowercased()
        let authorityHost = self.host.contains(":") ? "[\(self.host)]" : self.host
        self.origin = "\(scheme)://\(authorityHost)" + (components.port.map { ":\($0)" } ?? "")
    }

    /// True when every "@" of `text` comes after the authority (in the path or query).
    private static func atOnlyAfterAuthority(_ text: String) -> Bool {
        guard let schemeEnd = text.range(of: "://") else { return false }
        let rest = text[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return !authority.contains("@")
    }

    /// Resolves the host and refuses it unless every address is public (or `allowPrivate`).
    func check(allowPrivate: Bool) async throws(WebhookTargetError) {
        if allowPrivate { return }
        for address in try await TargetResolver.addresses(of: host) {
            let category = AddressClassifier.category(of: address)
            if category != .global { throw .refused(host: host, address: address, category: category) }
        }
    }
}
