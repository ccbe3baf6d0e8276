import Foundation

/// The server's time source, read in whole seconds: the precision of every signed document, so
/// that what the server evaluates and what an offline verifier re-evaluates from a bundle agree.
/// Tests pass a controllable clock; production reads the system clock.
struct ServerClock: Sendable {
    /// The underlying source, with sub-second precision (webhook timing, leases).
    let read: @Sendable () -> Date

    /// The current instant in whole seconds.
    var now: Date { Date(timeIntervalSince1970: read().timeIntervalSince1970.rounded(.down)) }
}
