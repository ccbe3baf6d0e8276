import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What the file system under the database file says when a write failed with a bare I/O error.
///
/// SQLite reports ENOSPC as SQLITE_FULL only on some paths (a WAL append); a failed fsync or a write
/// to a file system remounted read-only reach the caller as SQLITE_IOERR, which tells an operator
/// nothing. The file system itself knows: `statvfs` reports the read-only flag and the free blocks.
enum SQLiteStorage {
    /// `error` made more precise from the state of the file system holding `path`: a read-only
    /// mount becomes `StoreError.readOnly`, a mount without a free block `StoreError.storageFull`.
    /// Any other error, or a file system that looks fine, passes through unchanged.
    static func diagnose(_ error: any Error, path: String) -> any Error {
        guard case StoreError.unavailable(let message) = error else { return error }
        var info = statvfs()
        let directory = (path as NSString).deletingLastPathComponent
        guard statvfs(directory.isEmpty ? "." : directory, &info) == 0 else { return error }
        if info.f_flag & UInt(ST_RDONLY) != 0 {
            return StoreError.readOnly("the file system holding \(path) is mounted read-only (\(message))")
        }
        if info.f_bavail == 0 {
            return StoreError.storageFull("no free space on the file system holding \(path) (\(message))")
        }
        return error
    }
}
