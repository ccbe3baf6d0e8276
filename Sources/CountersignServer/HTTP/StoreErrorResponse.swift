import CountersignStore
import Hummingbird

extension APIError {
    /// The answer to a store failure the client cannot fix but can retry later: 503 with a code
    /// naming the condition, so that an operator reading a client's report knows what to look at.
    /// Nothing of the request was applied (its transaction rolled back). The driver's own words
    /// (paths, SQL) go to the log, not to the client. Nil for store errors that are bugs.
    init?(storeFailure error: StoreError) {
        switch error {
        case .storageFull:
            self.init(
                .serviceUnavailable, error.code,
                "the disk under the database is full; nothing was saved; reads still work; retry once the operator has freed space")
        case .readOnly:
            self.init(
                .serviceUnavailable, error.code,
                "the database accepts reads only at the moment; nothing was saved; retry once it accepts writes again")
        case .unavailable:
            self.init(
                .serviceUnavailable, error.code, "the database cannot be reached at the moment; nothing was saved; retry shortly")
        case .tooLarge:
            self.init(.contentTooLarge, error.code, "the request would record an audit event larger than a log entry may be; nothing was saved")
        case .duplicate, .migration, .corruptRow, .invalidConfiguration:
            return nil
        }
    }
}
