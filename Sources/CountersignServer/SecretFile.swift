import CountersignJSON
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Creates a secret file (admin.key, server-key.jwk) so that it is never, not even for an instant,
/// readable by anyone but its owner, and never seen half-written.
///
/// The bytes go to a fresh temporary name in the same folder, opened with O_CREAT|O_EXCL|O_NOFOLLOW
/// and mode 0600 (the mode is the file's from its first moment: nothing is changed with chmod
/// afterwards), then written, fsync'ed and closed. The file then takes its final name with link(2)
/// and the temporary name is removed: like rename(2) the name appears atomically with its whole
/// content, and unlike rename(2) it never replaces a secret that another process created meanwhile
/// (that start fails and the next one reads the existing file). Last, the folder is fsync'ed so the
/// new name survives a crash.
enum SecretFile {
    static func create(_ bytes: [UInt8], at url: URL) throws(ServerSecretsError) {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(Hex.encode(ServerSecrets.randomBytes(8))).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .unusable(url.path, "cannot create \(temporary.path): \(Self.lastError())") }
        var written = 0
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let result = write(descriptor, buffer.baseAddress.map { $0 + written }, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = "cannot write it: \(Self.lastError())"
                    return
                }
                written += result
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = "cannot flush it to disk: \(Self.lastError())" }
        if close(descriptor) != 0, failure == nil { failure = "cannot close it: \(Self.lastError())" }
        if let failure {
            _ = unlink(temporary.path)
            throw .unusable(url.path, failure)
        }
        if link(temporary.path, url.path) != 0 {
            let reason = errno == EEXIST ? "another process created it meanwhile; start again" : "cannot give it its name: \(Self.lastError())"
            _ = unlink(temporary.path)
            throw .unusable(url.path, reason)
        }
        _ = unlink(temporary.path)
        let folderDescriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            _ = close(folderDescriptor)
        }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
