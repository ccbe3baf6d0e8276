import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// Why a request got no answer, said in one plain line that names the server: what
/// `CountersignClientError.transport` carries.
///
/// The HTTP stack reports these as nested NIO and AsyncHTTPClient errors whose descriptions are
/// for programmers ("Connection errors: connection reset (error set): Connection refused (errno:
/// 111)"); a person at a terminal needs "cannot connect to http://localhost:9999: connection
/// refused". Errors it does not recognise keep their own description, after the same prefix.
enum TransportFailure {
    /// The line for `error`, met while asking `server` (the client's base URL).
    static func message(for error: any Error, server: String, timeout: TimeAmount) -> String {
        if let reason = connectionReason(error) { return "cannot connect to \(server): \(reason)" }
        guard let failure = error as? HTTPClientError else { return "cannot reach \(server): \(error)" }
        switch failure {
        case .deadlineExceeded, .readTimeout, .getConnectionFromPoolTimeout:
            return "no answer from \(server) within \(seconds(timeout)) s"
        case .remoteConnectionClosed:
            return "\(server) closed the connection before it answered"
        case .cancelled:
            return "the request to \(server) was cancelled"
        default:
            return "cannot reach \(server): \(failure)"
        }
    }

    /// What kept the connection from being made, when that is what `error` says.
    private static func connectionReason(_ error: any Error) -> String? {
        switch error {
        case let error as NIOConnectionError:
            // Every address was tried: one refusal among them is the usual case (a server
            // listening on 127.0.0.1 refuses nothing, but ::1 does), so prefer its words.
            let reasons = error.connectionErrors.compactMap { connectionReason($0.error) }
            if let refused = reasons.first(where: { $0 == Self.refused }) { return refused }
            if let first = reasons.first { return first }
            if error.dnsAError != nil || error.dnsAAAAError != nil { return "host not found" }
            return nil
        case let error as IOError:
            switch error.errnoCode {
            case ECONNREFUSED: return Self.refused
            case ENETUNREACH: return "network unreachable"
            case EHOSTUNREACH: return "host unreachable"
            case ETIMEDOUT: return "timed out"
            default: return String(cString: strerror(error.errnoCode)).lowercased()
            }
        case is SocketAddressError.UnknownHost:
            return "host not found"
        case let error as ChannelError:
            if case .connectTimeout(let amount) = error { return "timed out after \(seconds(amount)) s" }
            return nil
        case let error as HTTPClientError where error == .connectTimeout:
            return "timed out"
        default:
            return nil
        }
    }

    private static let refused = "connection refused"

    private static func seconds(_ amount: TimeAmount) -> Int64 { max(1, amount.nanoseconds / 1_000_000_000) }
}
