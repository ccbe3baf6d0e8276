import Foundation

/// Where and how the server sends mail (`--smtp-url`, `--smtp-password-file`, `--mail-from`,
/// `--smtp-ca-file`).
/// Without them mail is off: nothing is queued and everything else works as before.
///
/// Transport rules (docs/SECURITY.md): `smtps://` speaks TLS from the first byte (port 465 by
/// default); `smtp://` (port 587 by default) upgrades with STARTTLS whenever the server offers it,
/// and talks in the clear only to a loopback host (a local relay): to any other host a server that
/// does not offer STARTTLS is refused, so neither a password nor an invitation link ever crosses a
/// network unencrypted. Certificates are always verified, against the host name and the system's
/// roots, or only the authorities of `--smtp-ca-file` when it is given.
public struct MailSettings: Sendable {
    /// How the connection is protected.
    public enum Security: String, Sendable {
        /// TLS from the start (smtps://).
        case implicitTLS
        /// STARTTLS when offered; the clear only to loopback (smtp://).
        case startTLS
    }

    /// A name or an IP address (an IPv6 literal without brackets).
    public var host: String
    public var port: Int
    public var security: Security
    /// The AUTH PLAIN user; nil sends without authentication.
    public var username: String?
    /// Read from the password file; never logged.
    public var password: String?
    /// The envelope sender and From address.
    public var from: String
    /// The only authorities trusted for the server's certificate; nil: the system's roots.
    public var certificateAuthorities: SMTPCertificateAuthorities?

    /// Parses `url` (smtp://[user@]host[:port] or smtps://...), reads the password from
    /// `passwordFile` (owner-only, like the other secret files), checks `from` and reads the
    /// certificate authorities of `caFile` (PEM).
    public init(url: String, passwordFile: URL?, from: String?, caFile: URL? = nil) throws(MailSettingsError) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw .invalid("smtpUrl must look like smtp://user@host:587 or smtps://user@host:465")
        }
        switch scheme {
        case "smtp": security = .startTLS
        case "smtps": security = .implicitTLS
        default: throw .invalid("smtpUrl must start with smtp:// or smtps://, not \(scheme)://")
        }
        guard var host = components.host, !host.isEmpty else { throw .invalid("smtpUrl needs a host") }
        // An IPv6 literal as the socket wants it: without the URL's brackets.
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard components.password == nil else {
            throw .invalid("smtpUrl must not hold a password (command lines are visible to every user of the machine); use smtpPasswordFile")
        }
        guard components.path.isEmpty || components.path == "/", components.query == nil, components.fragment == nil else {
            throw .invalid("smtpUrl takes no path, query or fragment")
        }
        self.host = host
        port = components.port ?? (security == .implicitTLS ? 465 : 587)
        guard (1...65535).contains(port) else { throw .invalid("smtpUrl's port must be 1...65535") }
        username = components.percentEncodedUser.flatMap { $0.removingPercentEncoding }.flatMap { $0.isEmpty ? nil : $0 }
        if let user = username, user.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw .invalid("smtpUrl's user name holds a control character")
        }
        guard let from, !from.isEmpty else { throw .invalid("mailFrom is required with smtpUrl") }
        do {
            _ = try EmailAddress(from)
        } catch {
            throw .invalid("mailFrom: \(error.message)")
        }
        self.from = from
        if let passwordFile {
            guard username != nil else { throw .invalid("smtpPasswordFile needs a user name in smtpUrl (smtp://user@host)") }
            password = try Self.readPassword(passwordFile)
        } else {
            guard username == nil else { throw .invalid("smtpUrl names a user; give the password with smtpPasswordFile") }
        }
        if let caFile { certificateAuthorities = try SMTPCertificateAuthorities(file: caFile) }
    }

    /// Whether `host` is this machine: the only place plaintext SMTP may go.
    public var isLoopback: Bool {
        if host.lowercased() == "localhost" { return true }
        guard let address = IPAddress(literal: host) else { return false }
        return address.isIPv4 ? address.bytes.first == 127 : address.bytes == [UInt8](repeating: 0, count: 15) + [1]
    }

    private static func readPassword(_ file: URL) throws(MailSettingsError) -> String {
        guard FileManager.default.fileExists(atPath: file.path) else { throw .invalid("smtpPasswordFile \(file.path) does not exist") }
        do {
            try OwnerOnlyCheck.require(file, isFolder: false)
        } catch {
            throw .invalid("smtpPasswordFile: \(error)")
        }
        guard let data = FileManager.default.contents(atPath: file.path), data.count <= 4096 else {
            throw .invalid("smtpPasswordFile \(file.path) cannot be read (or is over 4 KiB)")
        }
        let password = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        guard !password.isEmpty else { throw .invalid("smtpPasswordFile \(file.path) is empty") }
        guard !password.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .invalid("smtpPasswordFile \(file.path) holds a control character or several lines")
        }
        return password
    }
}

/// A mail setting that cannot be used; the message names the setting.
public enum MailSettingsError: Error, CustomStringConvertible, Sendable {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let message): message
        }
    }
}
