import Foundation
import NIOSSL

/// The certificate authorities the mail client trusts instead of the system's (`--smtp-ca-file`):
/// for a relay whose certificate a private authority issued. They replace the system's roots
/// rather than join them, so that with the file given no public authority can vouch for the relay
/// (docs/SECURITY.md). Certificate and host name verification stay on either way.
///
/// The file is read once, at start-up, and parsed strictly: PEM certificate blocks only (blank
/// lines between them allowed), at most `maxBytes` and `maxCertificates`, each one a certificate
/// BoringSSL can read. Anything else (a private key, a stray line, an empty file) stops the start
/// with a message naming the setting.
public struct SMTPCertificateAuthorities: Sendable {
    /// A CA bundle of a whole system is about 220 KB; 1 MiB leaves room without reading anything.
    public static let maxBytes = 1 << 20
    public static let maxCertificates = 1000

    /// The trusted certificates, in the file's order.
    public let certificates: [NIOSSLCertificate]

    /// Reads and checks `file`.
    public init(file: URL) throws(MailSettingsError) {
        let path = file.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw .invalid("smtpCaFile \(path) does not exist") }
        guard !isFolder.boolValue else { throw .invalid("smtpCaFile \(path) is a folder, not a PEM file") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .invalid("smtpCaFile \(path) cannot be read") }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: Self.maxBytes + 1) ?? Data()
        } catch {
            throw .invalid("smtpCaFile \(path) cannot be read: \(error)")
        }
        guard data.count <= Self.maxBytes else { throw .invalid("smtpCaFile \(path) is over \(Self.maxBytes / 1024) KiB") }
        do {
            certificates = try Self.parse(Array(data))
        } catch {
            throw .invalid("smtpCaFile \(path): \(error)")
        }
    }

    /// The certificates of `pem`: one or more certificate blocks and nothing else.
    private static func parse(_ pem: [UInt8]) throws(MailSettingsError) -> [NIOSSLCertificate] {
        guard let text = String(validating: pem, as: UTF8.self) else { throw .invalid("is not text (PEM is ASCII)") }
        let begin = "-----BEGIN CERTIFICATE-----"
        let end = "-----END CERTIFICATE-----"
        var blocks: [String] = []
        var current: [Substring]?
        // LF or CRLF line ends ("\r\n" is one Character in Swift).
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            if var lines = current {
                lines.append(line)
                if line == end {
                    blocks.append(lines.joined(separator: "\n") + "\n")
                    current = nil
                } else if line.hasPrefix("-----") || !line.allSatisfy(Self.isBase64) {
                    throw .invalid("line \(index + 1) is not part of a PEM certificate")
                } else {
                    current = lines
                }
            } else if line == begin {
                current = [line]
            } else if line.hasPrefix("-----BEGIN ") {
                throw .invalid("line \(index + 1) begins a \(line.dropFirst(11).prefix(40).filter { $0 != "-" }), not a CERTIFICATE: the file must hold certificates only (never a key)")
            } else if !line.allSatisfy(\.isWhitespace) {
                throw .invalid("line \(index + 1) is outside any PEM certificate block")
            }
            guard blocks.count <= Self.maxCertificates else { throw .invalid("holds more than \(Self.maxCertificates) certificates") }
        }
        guard current == nil else { throw .invalid("the last certificate has no \(end) line") }
        guard !blocks.isEmpty else { throw .invalid("holds no PEM certificate") }
        var certificates: [NIOSSLCertificate] = []
        for (number, block) in blocks.enumerated() {
            do {
                certificates.append(try NIOSSLCertificate(bytes: Array(block.utf8), format: .pem))
            } catch {
                throw .invalid("certificate \(number + 1) cannot be read as X.509: \(error)")
            }
        }
        return certificates
    }

    private static func isBase64(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "+" || character == "/" || character == "=")
    }
}
