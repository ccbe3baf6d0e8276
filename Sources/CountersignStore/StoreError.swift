/// Why a store operation failed.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A unique constraint refused the write: the named thing already exists.
    case duplicate(String)
    /// The database is unreachable or refused the operation; the message is the driver's.
    case unavailable(String)
    /// The disk under the database is full: nothing of the write was kept, reads still work, and
    /// writes work again once space is freed (no restart needed).
    case storageFull(String)
    /// The database or its file system accepts reads only: nothing of the write was kept.
    case readOnly(String)
    /// The database holds a schema newer than this build knows, or a migration failed.
    case migration(String)
    /// A stored row could not be read back as the record it should be.
    case corruptRow(String)
    /// The database URL or path is not usable.
    case invalidConfiguration(String)
    /// A record is larger than the store can keep (an audit event larger than a log entry).
    case tooLarge(String)

    public var code: String {
        switch self {
        case .duplicate: "duplicate"
        case .unavailable: "store_unavailable"
        case .storageFull: "storage_full"
        case .readOnly: "storage_read_only"
        case .migration: "migration_failed"
        case .corruptRow: "corrupt_row"
        case .invalidConfiguration: "invalid_store_configuration"
        case .tooLarge: "record_too_large"
        }
    }

    public var description: String {
        switch self {
        case .duplicate(let what): "already exists: \(what)"
        case .unavailable(let message): "database unavailable: \(message)"
        case .storageFull(let message): "the disk under the database is full: \(message)"
        case .readOnly(let message): "the database is read-only: \(message)"
        case .migration(let message): "migration failed: \(message)"
        case .corruptRow(let message): "unreadable row: \(message)"
        case .invalidConfiguration(let message): "invalid database configuration: \(message)"
        case .tooLarge(let message): "too large: \(message)"
        }
    }
}
