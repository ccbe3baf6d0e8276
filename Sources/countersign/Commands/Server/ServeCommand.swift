import ArgumentParser
import Configuration
import CountersignJSON
import CountersignServer
import CountersignStore
import Foundation
import Hummingbird
import Logging
import SystemPackage

/// `countersign serve`: the web app and API with SQLite by default, PostgreSQL with
/// --database-url. Every flag is also COUNTERSIGN_<NAME> and a key of the optional JSON file
/// given by --config; flags win over variables, variables over the file, the file over defaults.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Countersign server (web app and API).",
        discussion: """
            Settings come from flags, then COUNTERSIGN_* environment variables (COUNTERSIGN_HOST, COUNTERSIGN_PORT,
            COUNTERSIGN_DATA_DIR, COUNTERSIGN_DATABASE_URL, COUNTERSIGN_RP_ID, COUNTERSIGN_RP_NAME, COUNTERSIGN_ORIGIN
            (comma-separated), COUNTERSIGN_PUBLIC_URL, ...), then the JSON file of --config (keys host, port, dataDir,
            databaseUrl, rpId, rpName, origin, publicUrl, webRoot, sessionIdleTimeout, sessionAbsoluteTimeout, ceremonyLifetime,
            invitationLifetime, maxBodyBytes, maxHeaderBytes, connectionIdleTimeout, ceremonyRequestsPerMinute, webhookAllowPrivateTargets, webhookMaxAttempts,
            dangerousOperationDelay, recoveryDelay, archiveAfter, trustedProxy (array), metricsTokenFile, signedRequestsPerKeyPerMinute, logOrigin, witness (array), witnessFile,
            witnessThreshold, logPublic, smtpUrl, smtpPasswordFile, smtpCaFile, mailFrom, mailReminderHour).
            """)

    @Option(help: "Interface to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "TCP port (default 8080; 0 picks a free port).") var port: Int?
    @Option(name: .customLong("data-dir"), help: "Data folder: admin.key, server-key.jwk, countersign.sqlite (default ./countersign-data).")
    var dataDir: String?
    @Option(name: .customLong("database-url"), help: "postgres://user:password@host:port/database; SQLite in the data folder when absent.")
    var databaseURL: String?
    @Option(name: .customLong("rp-id"), help: "WebAuthn relying party id (default localhost).") var rpID: String?
    @Option(name: .customLong("rp-name"), help: "Relying party name shown by authenticators.") var rpName: String?
    @Option(name: .customLong("origin"), help: "Allowed web origin; repeat for several (default http://localhost:8080).")
    var origins: [String] = []
    @Option(name: .customLong("public-url"), help: "Base URL of invitation links (default: the first origin).") var publicURL: String?
    @Flag(
        name: .customLong("webhook-allow-private-targets"),
        help: "Let webhooks target loopback, private and link-local addresses (refused by default).")
    var webhookAllowPrivateTargets = false
    @Option(name: .customLong("webhook-max-attempts"), help: "Attempts before a webhook delivery is given up (default 12).")
    var webhookMaxAttempts: Int?
    @Option(
        name: .customLong("dangerous-operation-delay"),
        help: "Wait before an admin's dangerous operation runs: seconds or 90s, 15m, 24h, 7d (default 24h; 0 for development).")
    var dangerousOperationDelay: String?
    @Option(
        name: .customLong("archive-after"),
        help: "How long after its decision a statement counts as archived: seconds or 90s, 15m, 24h, 30d (default 30d).")
    var archiveAfter: String?
    @Option(name: .customLong("recovery-delay"), help: "Wait before an account recovery completes, from the new passkey's registration (default 72h).")
    var recoveryDelay: String?
    @Option(name: .customLong("web-root"), help: "Serve the web app from this folder instead of the files built into the server.")
    var webRoot: String?
    @Option(name: .customLong("session-idle-timeout"), help: "Seconds without a request after which a session ends (default 1800).")
    var sessionIdleTimeout: Double?
    @Option(
        name: .customLong("connection-idle-timeout"),
        help: "Seconds a connection may send nothing (also inside an unfinished request head) before it is closed (default 90).")
    var connectionIdleTimeout: Double?
    @Option(
        name: .customLong("trusted-proxy"),
        help: "A reverse proxy whose X-Forwarded-For is believed, as a CIDR block (127.0.0.1/32, fd00::/8); repeatable. Default: none, the header is ignored.")
    var trustedProxies: [String] = []
    @Option(
        name: .customLong("metrics-token-file"),
        help: "File (mode 0600) holding the bearer token GET /metrics then demands. Default: /metrics is open.")
    var metricsTokenFile: String?
    @Option(
        name: .customLong("log-origin"),
        help: "The transparency log's origin (checkpoint first line, vkey name). Default: the public URL's host and path.")
    var logOrigin: String?
    @Option(
        name: .customLong("witness"),
        help: "A witness of the log: \"VKEY URL\" (its cosignature/v1 vkey, one space, its submission prefix); repeatable.")
    var witnesses: [String] = []
    @Option(name: .customLong("witness-file"), help: "A file with one \"VKEY URL\" line per witness.")
    var witnessFile: String?
    @Option(name: .customLong("witness-threshold"), help: "Cosignatures a checkpoint needs (default 1 with witnesses, else 0).")
    var witnessThreshold: Int?
    @Flag(name: .customLong("log-public"), help: "Serve the log's tiles and entries to anyone (default: members and the admin).")
    var logPublic = false
    @Option(
        name: .customLong("smtp-url"),
        help: "Send notifications by email through smtp://[user@]host[:port] (STARTTLS when offered; the clear only to loopback) or smtps://... (TLS). Default: no mail.")
    var smtpURL: String?
    @Option(name: .customLong("smtp-password-file"), help: "File (mode 0600) holding the SMTP user's password.")
    var smtpPasswordFile: String?
    @Option(
        name: .customLong("smtp-ca-file"),
        help: "PEM file of the certificate authorities trusted for the SMTP server's certificate, instead of the system's (a private CA).")
    var smtpCAFile: String?
    @Option(name: .customLong("mail-from"), help: "The sender address of notifications (required with --smtp-url).")
    var mailFrom: String?
    @Option(
        name: .customLong("mail-reminder-hour"),
        help: "Mail each member, once a day from this hour (0-23, UTC), the statements still waiting on them. Default: no reminders.")
    var mailReminderHour: Int?
    @Option(name: .customLong("config"), help: "Optional JSON configuration file.") var configFile: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (default info).")
    var logLevel: String?

    func run() async throws {
        // Everything the server creates (database, WAL, keys) is readable by its owner only.
        umask(0o077)
        let reader = try await configurationReader(environment: ProcessInfo.processInfo.environment)
        let settings = try ServeSettings(reader: reader)
        var logger = Logger(label: "countersign")
        logger.logLevel = settings.logLevel

        // Bind first: a start that cannot listen must fail before it creates (and prints) an
        // ADMIN_KEY for a server that never runs.
        do {
            try ListenAddressCheck.requireBindable(host: settings.server.host, port: settings.server.port)
        } catch {
            throw CommandFailure("\(error)")
        }
        let secrets: ServerSecrets
        do {
            secrets = try ServerSecrets.loadOrCreate(in: settings.server.dataDirectory)
        } catch {
            throw CommandFailure("\(error)")
        }
        let store = try await StoreFactory.open(
            databaseURL: settings.server.databaseURL, dataDirectory: settings.server.dataDirectory, groupCommit: settings.server.groupCommit,
            logger: logger)
        let environment: ServerEnvironment
        do {
            environment = try ServerEnvironment(configuration: settings.server, store: store, secrets: secrets, logger: logger)
        } catch let error as WebAssets.LoadError {
            await store.shutdown()
            throw CommandFailure("\(error)")
        }
        let announcer = logger
        let app = CountersignServer.application(environment: environment) { port in
            // The new ADMIN_KEY is printed only once the server listens: a start that fails to
            // bind (the port taken between the check above and the bind) shows no key "shown only
            // this once" for a server that never ran; the key is in admin.key either way.
            if secrets.createdAdminKey { Self.announceCreatedAdminKey(secrets, settings: settings) }
            announcer.notice("countersign listening", metadata: [
                "address": "\(settings.server.host):\(port)", "database": "\(store.engine)", "rpId": "\(settings.server.rpID)",
            ])
        }
        do {
            try await app.runService()
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }

    /// Prints the ADMIN_KEY created by this start, once; afterwards it lives only in admin.key.
    private static func announceCreatedAdminKey(_ secrets: ServerSecrets, settings: ServeSettings) {
        let file = settings.server.dataDirectory.appendingPathComponent("admin.key").path
        CommandIO.printError("""
            countersign: created the ADMIN_KEY in \(file) (mode 0600).
            ADMIN_KEY=\(Hex.encode(secrets.adminKey))
            Keep it secret; it is shown only this once. Invite the first member with:
              countersign admin invite --name NAME --role ROLE --server \(settings.server.linkBase) --admin-key-file \(file)
            """)
    }

    /// Flags first, then COUNTERSIGN_* variables of `environment`, then the file.
    func configurationReader(environment: [String: String]) async throws -> ConfigReader {
        var flags: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host { flags["host"] = .init(.string(host), isSecret: false) }
        if let port { flags["port"] = .init(.int(port), isSecret: false) }
        if let dataDir { flags["dataDir"] = .init(.string(dataDir), isSecret: false) }
        if let databaseURL { flags["databaseUrl"] = .init(.string(databaseURL), isSecret: true) }
        if let rpID { flags["rpId"] = .init(.string(rpID), isSecret: false) }
        if let rpName { flags["rpName"] = .init(.string(rpName), isSecret: false) }
        if !origins.isEmpty { flags["origin"] = .init(.stringArray(origins), isSecret: false) }
        if let publicURL { flags["publicUrl"] = .init(.string(publicURL), isSecret: false) }
        if webhookAllowPrivateTargets { flags["webhookAllowPrivateTargets"] = .init(.bool(true), isSecret: false) }
        if let webhookMaxAttempts { flags["webhookMaxAttempts"] = .init(.int(webhookMaxAttempts), isSecret: false) }
        if let dangerousOperationDelay { flags["dangerousOperationDelay"] = .init(.string(dangerousOperationDelay), isSecret: false) }
        if let archiveAfter { flags["archiveAfter"] = .init(.string(archiveAfter), isSecret: false) }
        if let recoveryDelay { flags["recoveryDelay"] = .init(.string(recoveryDelay), isSecret: false) }
        if let webRoot { flags["webRoot"] = .init(.string(webRoot), isSecret: false) }
        if let sessionIdleTimeout { flags["sessionIdleTimeout"] = .init(.double(sessionIdleTimeout), isSecret: false) }
        if let connectionIdleTimeout { flags["connectionIdleTimeout"] = .init(.double(connectionIdleTimeout), isSecret: false) }
        if let logLevel { flags["logLevel"] = .init(.string(logLevel), isSecret: false) }
        if !trustedProxies.isEmpty { flags["trustedProxy"] = .init(.stringArray(trustedProxies), isSecret: false) }
        if let metricsTokenFile { flags["metricsTokenFile"] = .init(.string(metricsTokenFile), isSecret: false) }
        if let logOrigin { flags["logOrigin"] = .init(.string(logOrigin), isSecret: false) }
        if !witnesses.isEmpty { flags["witness"] = .init(.stringArray(witnesses), isSecret: false) }
        if let witnessFile { flags["witnessFile"] = .init(.string(witnessFile), isSecret: false) }
        if let witnessThreshold { flags["witnessThreshold"] = .init(.int(witnessThreshold), isSecret: false) }
        if logPublic { flags["logPublic"] = .init(.bool(true), isSecret: false) }
        if let smtpURL { flags["smtpUrl"] = .init(.string(smtpURL), isSecret: false) }
        if let smtpPasswordFile { flags["smtpPasswordFile"] = .init(.string(smtpPasswordFile), isSecret: false) }
        if let smtpCAFile { flags["smtpCaFile"] = .init(.string(smtpCAFile), isSecret: false) }
        if let mailFrom { flags["mailFrom"] = .init(.string(mailFrom), isSecret: false) }
        if let mailReminderHour { flags["mailReminderHour"] = .init(.int(mailReminderHour), isSecret: false) }
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "flags", values: flags),
            EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .specific(["COUNTERSIGN_DATABASE_URL"]))
                .prefixKeys(with: ["countersign"]),
        ]
        let file = configFile ?? environment["COUNTERSIGN_CONFIG"]
        if let file {
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(file)))
            } catch {
                throw CommandFailure("cannot read the configuration file \(file): \(error)")
            }
        }
        return ConfigReader(providers: providers)
    }
}
