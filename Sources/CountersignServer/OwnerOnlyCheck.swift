import Foundation

/// Refuses a data folder or secret file that anyone but its owner can read, write or (for the
/// folder) enter: the ADMIN_KEY and the server's signing key must not be one `cat` away for
/// another account on the machine. The server creates both owner-only; this catches a folder
/// copied, restored or created by hand with a looser mode, and says how to fix it.
enum OwnerOnlyCheck {
    /// Throws `.tooOpen` when `url` (which must exist) has any group or other permission bit;
    /// `isFolder` picks the fix to propose (chmod 700 or chmod 600).
    static func require(_ url: URL, isFolder: Bool) throws(ServerSecretsError) {
        let attributes: [FileAttributeKey: Any]
        do {
            // A secret file is judged as itself (a symbolic link is refused); a folder given
            // through a link is judged where it leads.
            attributes = try FileManager.default.attributesOfItem(atPath: isFolder ? url.resolvingSymlinksInPath().path : url.path)
        } catch {
            throw .unusable(url.path, "cannot read its permissions: \(error.localizedDescription)")
        }
        let type = attributes[.type] as? FileAttributeType
        if isFolder {
            guard type == .typeDirectory else { throw .unusable(url.path, "it is not a folder") }
        } else {
            guard type == .typeRegular else { throw .unusable(url.path, "it is not a regular file (a link or a special file is refused)") }
        }
        guard let mode = attributes[.posixPermissions] as? Int else { throw .unusable(url.path, "cannot read its permissions") }
        guard mode & 0o077 == 0 else {
            throw .tooOpen(url.path, mode: mode, fix: "chmod \(isFolder ? "700" : "600") \(url.path)")
        }
    }
}
