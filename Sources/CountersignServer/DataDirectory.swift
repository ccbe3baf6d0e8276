import CountersignJOSE
import CountersignJSON
import Foundation
import Logging

/// The secrets a server keeps in its data folder: the ADMIN_KEY (admin.key, 32 random bytes as
/// hex) and the Ed25519 key that signs receipts and audit checkpoints (server-key.jwk). Both are
/// created on first start with mode 0600 inside a 0700 folder and never leave it.
public struct ServerSecrets: Sendable {
    /// The 32-byte ADMIN_KEY.
    public let adminKey: [UInt8]
    /// The server's private Ed25519 JWK.
    public let serverKey: JWK
    /// True when this start created the ADMIN_KEY (the caller prints it once).
    public let createdAdminKey: Bool
    /// The transparency log's private Ed25519 JWK: it signs checkpoints (docs/transparency.md).
    /// Apart from the server key, so that the log's identity can be pinned by witnesses and
    /// verifiers and never changes with the receipt key.
    public let logKey: JWK

    static let adminKeyFile = "admin.key"
    static let serverKeyFile = "server-key.jwk"
    static let logKeyFile = "log-key.jwk"

    /// Loads the secrets from `directory`, creating the folder (0700) and whichever secret is
    /// missing (0600, `SecretFile`). A folder or secret file that its owner shares with group or
    /// others is refused (`OwnerOnlyCheck`): the error names the path and the chmod that fixes it.
    public static func loadOrCreate(in directory: URL) throws(ServerSecretsError) -> ServerSecrets {
        let files = FileManager.default
        if !files.fileExists(atPath: directory.path) {
            do {
                try files.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .unusable(directory.path, "cannot create the data folder: \(error.localizedDescription)")
            }
        }
        try OwnerOnlyCheck.require(directory, isFolder: true)
        let adminURL = directory.appendingPathComponent(adminKeyFile)
        var created = false
        let adminKey: [UInt8]
        if files.fileExists(atPath: adminURL.path) {
            try OwnerOnlyCheck.require(adminURL, isFolder: false)
            adminKey = try readAdminKey(at: adminURL)
        } else {
            adminKey = randomBytes(32)
            try SecretFile.create(Array((Hex.encode(adminKey) + "\n").utf8), at: adminURL)
            created = true
        }
        let serverKey = try loadOrCreateEd25519Key(at: directory.appendingPathComponent(serverKeyFile))
        let logKey = try loadOrCreateEd25519Key(at: directory.appendingPathComponent(logKeyFile))
        return ServerSecrets(adminKey: adminKey, serverKey: serverKey, createdAdminKey: created, logKey: logKey)
    }

    /// The log key alone (`countersign log key`): read from `directory`, or created there (and the
    /// folder, 0700) when missing, without touching the other secrets, so that the ADMIN_KEY is
    /// still created, and shown, by the first `serve`.
    public static func loadOrCreateLogKey(in directory: URL) throws(ServerSecretsError) -> JWK {
        if !FileManager.default.fileExists(atPath: directory.path) {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .unusable(directory.path, "cannot create the data folder: \(error.localizedDescription)")
            }
        }
        try OwnerOnlyCheck.require(directory, isFolder: true)
        return try loadOrCreateEd25519Key(at: directory.appendingPathComponent(logKeyFile))
    }

    /// Reads the private Ed25519 JWK at `url` (owner-only), or creates one there (0600).
    static func loadOrCreateEd25519Key(at url: URL) throws(ServerSecretsError) -> JWK {
        let files = FileManager.default
        guard files.fileExists(atPath: url.path) else {
            let key: JWK
            do {
                key = try JWK.generate(for: .ed25519)
            } catch {
                throw .unusable(url.path, "cannot generate a key: \(error)")
            }
            try SecretFile.create(JCS.canonicalize(.object(key.jsonObject(includePrivate: true))), at: url)
            return key
        }
        try OwnerOnlyCheck.require(url, isFolder: false)
        guard let bytes = files.contents(atPath: url.path) else { throw .unusable(url.path, "cannot read it") }
        let key: JWK
        do {
            key = try JWK(json: Array(bytes))
        } catch {
            throw .unusable(url.path, "not a JWK: \(error)")
        }
        guard key.isPrivate, key.supports(.ed25519) else { throw .unusable(url.path, "not a private Ed25519 key") }
        return key
    }

    /// Reads an ADMIN_KEY file: 64 hex digits, surrounding whitespace ignored.
    public static func readAdminKey(at url: URL) throws(ServerSecretsError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw .unusable(url.path, "cannot read it") }
        return try parseAdminKey(String(decoding: data, as: UTF8.self), source: url.path)
    }

    /// Parses an ADMIN_KEY given as text (a file's content or COUNTERSIGN_ADMIN_KEY).
    public static func parseAdminKey(_ text: String, source: String) throws(ServerSecretsError) -> [UInt8] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count == 64, let bytes = Hex.decode(trimmed), bytes.count == 32 else {
            throw .unusable(source, "an ADMIN_KEY is 64 hexadecimal digits (32 bytes)")
        }
        return bytes
    }

    /// `count` bytes from the system's secure random number generator.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}

/// Why the data folder's secrets could not be loaded.
public enum ServerSecretsError: Error, Sendable, CustomStringConvertible {
    /// The path, and why it cannot be used.
    case unusable(String, String)
    /// The path is open to group or others: its mode, and the command that fixes it.
    case tooOpen(String, mode: Int, fix: String)

    public var description: String {
        switch self {
        case .unusable(let path, let reason): "\(path): \(reason)"
        case .tooOpen(let path, let mode, let fix):
            "\(path): readable or writable by group or others (mode \(String(mode, radix: 8))); it must be its owner's alone. Fix: \(fix)"
        }
    }
}
