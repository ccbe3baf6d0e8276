import NIOSSL

/// The first error an SMTP connection's pipeline saw, sorted for the operator: a TLS failure (the
/// certificate not trusted, not for this host, a failed handshake) or anything else (a reset). A
/// TLS failure is reduced to BoringSSL's reason ("CERTIFICATE_VERIFY_FAILED") with what it means
/// here, never the library's error codes and source paths.
enum SMTPPipelineFailure: Sendable, CustomStringConvertible {
    case tls(String)
    case other(String)

    init(_ error: any Error) {
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            self = .tls("the server's certificate is not for the host of smtpUrl (host name verification failed)")
        } else if let failure = error as? NIOSSLError {
            switch failure {
            case .handshakeFailed(let reason): self = .tls("the handshake failed: \(Self.explained(reason))")
            default: self = .tls("\(failure)")
            }
        } else {
            self = .other("\(error)")
        }
    }

    var description: String {
        switch self {
        case .tls(let reason): "TLS: \(reason)"
        case .other(let reason): reason
        }
    }

    /// BoringSSL's reasons ("CERTIFICATE_VERIFY_FAILED"), with what the common one means here.
    private static func explained(_ error: BoringSSLError) -> String {
        let stack: NIOBoringSSLErrorStack
        switch error {
        case .sslError(let errors), .unknownError(let errors), .invalidSNIName(let errors), .failedToSetALPN(let errors): stack = errors
        default: return "\(error)"
        }
        let reasons = stack.map { reason(of: "\($0)") }
        var text = reasons.isEmpty ? "\(error)" : reasons.joined(separator: ", ")
        if reasons.contains("CERTIFICATE_VERIFY_FAILED") {
            text += " (the server's certificate is not issued by a trusted authority, see smtpCaFile, or has expired)"
        }
        return text
    }

    /// "Error: 268435581 error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at
    /// /path/handshake.cc:320" -> "CERTIFICATE_VERIFY_FAILED".
    private static func reason(of description: String) -> String {
        let message = description.range(of: " at ").map { String(description[..<$0.lowerBound]) } ?? description
        return message.split(separator: ":").last.map(String.init) ?? message
    }
}
