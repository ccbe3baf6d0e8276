import CountersignJSON
import CountersignServer
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A real SMTP server on loopback for the mail tests: aiosmtpd (Tests/mail/smtp_sink.py, run by
/// the test venv's Python) keeping each accepted message as a JSON file that `messages()` reads.
/// Stopped with SIGTERM; a sink can be started on a port chosen before (a server configured while
/// nothing listens there, to test the outbox while the SMTP server is down).
package final class MailSink: Sendable {
    /// One accepted mail, decoded by the sink (subject and body as text).
    package struct Mail: Sendable {
        package let mailFrom: String
        package let rcptTos: [String]
        package let subject: String
        package let body: String
        package let messageID: String
        /// The header fields in order, names as sent.
        package let headers: [(name: String, value: String)]
        package let raw: String
        /// The TLS version the mail came over ("TLSv1.3"), nil in the clear.
        package let tls: String?
        /// Whether AUTH happened inside TLS; nil without AUTH.
        package let authenticatedOverTLS: Bool?
    }

    /// How a sink protects its sessions.
    package enum Transport: Sendable {
        /// Plain SMTP (loopback only, as the client's rule allows).
        case clear
        /// TLS from the first byte (smtps://).
        case implicitTLS
        /// STARTTLS required before anything else (smtp:// with STARTTLS).
        case startTLS

        fileprivate var argument: String? {
            switch self {
            case .clear: nil
            case .implicitTLS: "implicit"
            case .startTLS: "starttls"
            }
        }
    }

    package let port: Int
    /// With TLS: the throwaway certificate authority that signed the sink's certificate (PEM).
    package let caFile: URL?
    private let folder: URL
    private let process: SpawnedProcess

    /// Whether the venv's Python can run the sink.
    package static let isAvailable: Bool = Python.canImport("aiosmtpd")
    package static let unavailable: Comment = "COUNTERSIGN_PYTHON is not set to a Python with aiosmtpd (run scripts/test, which installs scripts/requirements-test.txt)"

    private init(port: Int, folder: URL, process: SpawnedProcess, caFile: URL?) {
        self.port = port
        self.caFile = caFile
        self.folder = folder
        self.process = process
    }

    /// Starts a sink on 127.0.0.1:`port` (a free one when 0), with AUTH PLAIN required when `user`
    /// and `password` are given. With TLS the sink makes a fresh certificate authority (its
    /// certificate in `caFile`) and a certificate for `certificateNames` (IP addresses or DNS names).
    /// `injectingAfterSTARTTLS` sends a reply in the clear right after the 220 to STARTTLS.
    package static func start(
        port: Int = 0, user: String? = nil, password: String? = nil, transport: Transport = .clear,
        certificateNames: [String] = ["127.0.0.1", "localhost"], injectingAfterSTARTTLS: Bool = false
    ) async throws -> MailSink {
        guard let python = Python.interpreter else { throw PythonError.unavailable }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailsink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let output = folder.appendingPathComponent("sink.out").path
        var arguments = [PackagePaths.root.appendingPathComponent("Tests/mail/smtp_sink.py").path, "--dir", folder.path, "--port", "\(port)"]
        if let user, let password { arguments += ["--user", user, "--password", password] }
        if let mode = transport.argument {
            arguments += ["--tls", mode] + certificateNames.flatMap { ["--cert-name", $0] }
        }
        if injectingAfterSTARTTLS { arguments.append("--inject-after-starttls") }
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        let process = try SpawnedProcess.spawn(python.path, arguments, environment: environment, stdout: output, stderr: output)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("PORT ") }), let bound = Int(line.dropFirst(5)) {
                let caFile = transport == .clear ? nil : folder.appendingPathComponent("ca.pem")
                return MailSink(port: bound, folder: folder, process: process, caFile: caFile)
            }
            if let status = process.exitStatus() { throw TestServerFailure("the SMTP sink exited \(status): \(text)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.signal(SIGKILL)
        _ = process.waitBlocking()
        throw TestServerFailure("the SMTP sink did not start")
    }

    /// Runs `body` with a fresh sink (the options of `start`), stopped afterwards whatever happens.
    package static func with<T>(
        user: String? = nil, password: String? = nil, transport: Transport = .clear, certificateNames: [String] = ["127.0.0.1", "localhost"],
        injectingAfterSTARTTLS: Bool = false, _ body: (MailSink) async throws -> T
    ) async throws -> T {
        let sink = try await start(
            user: user, password: password, transport: transport, certificateNames: certificateNames, injectingAfterSTARTTLS: injectingAfterSTARTTLS)
        do {
            let result = try await body(sink)
            await sink.stop()
            return result
        } catch {
            await sink.stop()
            throw error
        }
    }

    package func stop() async {
        process.signal(SIGTERM)
        if await process.wait(until: .now + .seconds(10)) == nil {
            process.signal(SIGKILL)
            _ = process.waitBlocking()
        }
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    package static func freePort() throws -> Int {
        let (descriptor, port) = try boundSocket()
        close(descriptor)
        return port
    }

    /// A socket listening on 127.0.0.1 that never accepts nor answers: connections complete (the
    /// kernel's backlog) and then hear nothing. Close the descriptor when done.
    package static func silentListener() throws -> (descriptor: Int32, port: Int) {
        let (descriptor, port) = try boundSocket()
        guard listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw TestServerFailure("listen() failed")
        }
        return (descriptor, port)
    }

    private static func boundSocket() throws -> (Int32, Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestServerFailure("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        guard bound == 0 else {
            close(descriptor)
            throw TestServerFailure("bind() failed")
        }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// Every mail accepted so far, in order.
    package func messages() throws -> [Mail] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            guard let object = try JSONParser(limits: .init(maxBytes: 1 << 22, maxDepth: 8)).parse(bytes).objectValue else {
                throw TestServerFailure("\(name) is not an object")
            }
            let headers = (object["headers"]?.arrayValue ?? []).compactMap { pair -> (name: String, value: String)? in
                guard let items = pair.arrayValue, items.count == 2, let name = items[0].stringValue, let value = items[1].stringValue else { return nil }
                return (name, value)
            }
            return Mail(
                mailFrom: object["mailFrom"]?.stringValue ?? "", rcptTos: (object["rcptTos"]?.arrayValue ?? []).compactMap(\.stringValue),
                subject: object["subject"]?.stringValue ?? "", body: object["body"]?.stringValue ?? "",
                messageID: object["messageId"]?.stringValue ?? "", headers: headers, raw: object["raw"]?.stringValue ?? "",
                tls: object["tls"]?.stringValue, authenticatedOverTLS: object["authenticatedOverTLS"]?.boolValue)
        }
    }

    /// The mails to `address`.
    package func messages(to address: String) throws -> [Mail] {
        try messages().filter { $0.rcptTos == [address] }
    }

    /// Waits for a mail to `address` whose subject contains `subject`; returns the first.
    package func waitForMail(to address: String, subject: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Mail {
        try await eventually("a mail to \(address) about \"\(subject)\"", sourceLocation: sourceLocation) {
            try messages(to: address).contains { $0.subject.contains(subject) }
        }
        return try #require(try messages(to: address).first { $0.subject.contains(subject) }, sourceLocation: sourceLocation)
    }
}

extension MailSink.Mail {
    /// The first link in the body whose fragment starts with `fragment` ("confirm-email=").
    package func link(_ fragment: String) -> String? {
        body.split(whereSeparator: \.isWhitespace).map(String.init).first { $0.contains("#" + fragment) }
    }
}

/// Mail settings for a test server sending to a sink on `port`, with short retries.
package enum MailTesting {
    package static let from = "countersign@example.org"

    package static func configure(port: Int) -> (inout ServerConfiguration) -> Void {
        { configuration in
            configuration.mail = try? MailSettings(url: "smtp://127.0.0.1:\(port)", passwordFile: nil, from: from)
            configuration.mailPollInterval = 0.1
            configuration.mailInitialBackoff = 0.2
            configuration.mailMaxBackoff = 0.5
            configuration.mailTimeout = 5
            configuration.mailMaxAttempts = 100
        }
    }

    /// A self-signed CA certificate (EC P-256, made once with openssl for the CA-file tests; its key
    /// was never kept): one PEM block, for the parsing tests of `--smtp-ca-file`.
    package static let authorityPEM = """
        -----BEGIN CERTIFICATE-----
        MIIBkjCCATmgAwIBAgIUH5w11mvt5KFEZRqhnpMiEhlcy3YwCgYIKoZIzj0EAwIw
        HjEcMBoGA1UEAwwTQ291bnRlcnNpZ24gdGVzdCBDQTAgFw0yNjEyMDcxNTIzMjNa
        GA8yMTI2MTExMzE1MjMyM1owHjEcMBoGA1UEAwwTQ291bnRlcnNpZ24gdGVzdCBD
        QTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABDQOXtY+OMxSQYPh5UwOvumGVIgc
        uL6q7jP6D6hxY3zg7QPWoo+8kvLzBTyamTemowWTVPZgcO+TT6TXlkU6KCajUzBR
        MB0GA1UdDgQWBBTIyBAEKlr8tCmhhVP+gezg5QK4/zAfBgNVHSMEGDAWgBTIyBAE
        Klr8tCmhhVP+gezg5QK4/zAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cA
        MEQCICk88CFSE9ALUyXUfjRKKnE0Oa1hZ5AGM/4DftV5LlCqAiAIibaXSTnkSHT/
        bDYNfgRJwjM6Ps31kSnDcvTh2jRY+Q==
        -----END CERTIFICATE-----

        """
}
