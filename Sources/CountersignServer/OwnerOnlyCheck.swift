import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Refuses a data folder or secret file that anyone but its owner can read, write or (for the
/// folder) enter: the ADMIN_KEY and the server's signing key must not be one `cat` away for
/// another account on the machine. The server creates both owner-only; this catches a folder
/// copied, restored or created by hand with a looser mode, and says how to fix it.
enum OwnerOnlyCheck {
    /// Throws `.tooOpen` when `url` (which must exist) has any group or other permission bit;
    /// `isFolder` picks the fix to propose (chmod 700 or chmod 600).
    static func require(_ url: URL, isFolder: Bool) throws(ServerSecretsError) {
        var status = stat()
        guard lstat(url.path, &status) == 0 else {
            throw .unusable(url.path, "cannot read its permissions: \(String(cString: strerror(errno)))")
        }
        let kind = status.st_mode & S_IFMT
        if isFolder {
            guard kind == S_IFDIR else { throw .unusable(url.path, "it is not a folder") }
        } else {
            guard kind == S_IFREG else { throw .unusable(url.path, "it is not a regular file (a link or a special file is refused)") }
        }
        let mode = Int(status.st_mode & 0o777)
        guard mode & 0o077 == 0 else {
            throw .tooOpen(url.path, mode: mode, fix: "chmod \(isFolder ? "700" : "600") \(url.path)")
        }
    }
}
