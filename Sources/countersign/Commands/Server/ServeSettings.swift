import ArgumentParser
import Configuration
import CountersignServer
import Foundation
import Logging

/// The server settings read from a `ConfigReader`, validated: a bad value stops the start with a
/// message naming the setting, never a silent default.
struct ServeSettings {
    var server = ServerConfiguration()
    var logLevel: Logger.Level = .info

    init(reader: ConfigReader) throws {
        server.host = reader.string(forKey: "host", default: server.host)
        let port = reader.int(forKey: "port", default: server.port)
        guard (0...65535).contains(port) else { throw ValidationError("port must be 0...65535, not \(port)") }
        server.port = port
        server.dataDirectory = URL(fileURLWithPath: reader.string(forKey: "dataDir", default: "countersign-data"))
        let databaseURL = reader.string(forKey: "databaseUrl", isSecret: true)
        server.databaseURL = databaseURL?.isEmpty == true ? nil : databaseURL
        server.rpID = reader.string(forKey: "rpId", default: server.rpID)
        server.rpName = reader.string(forKey: "rpName", default: server.rpName)
        let defaultOrigin = "http://localhost:\(port == 0 ? 8080 : port)"
        server.origins = reader.stringArray(forKey: "origin", default: [defaultOrigin])
        server.publicURL = reader.string(forKey: "publicUrl")
        server.webRoot = reader.string(forKey: "webRoot").flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
        server.sessionIdleTimeout = try seconds(reader, "sessionIdleTimeout", server.sessionIdleTimeout)
        server.sessionAbsoluteTimeout = try seconds(reader, "sessionAbsoluteTimeout", server.sessionAbsoluteTimeout)
        server.ceremonyLifetime = try seconds(reader, "ceremonyLifetime", server.ceremonyLifetime)
        server.invitationLifetime = try seconds(reader, "invitationLifetime", server.invitationLifetime)
        server.maxBodyBytes = reader.int(forKey: "maxBodyBytes", default: server.maxBodyBytes)
        server.connectionIdleTimeout = try seconds(reader, "connectionIdleTimeout", server.connectionIdleTimeout)
        server.maxHeaderBytes = reader.int(forKey: "maxHeaderBytes", default: server.maxHeaderBytes)
        guard (1024...(1 << 20)).contains(server.maxHeaderBytes) else { throw ValidationError("maxHeaderBytes must be 1 KiB...1 MiB") }
        server.ceremonyRequestsPerMinute = reader.int(forKey: "ceremonyRequestsPerMinute", default: server.ceremonyRequestsPerMinute)
        server.webhookAllowPrivateTargets = reader.bool(forKey: "webhookAllowPrivateTargets", default: false)
        server.webhookMaxAttempts = reader.int(forKey: "webhookMaxAttempts", default: server.webhookMaxAttempts)
        guard (1...100).contains(server.webhookMaxAttempts) else { throw ValidationError("webhookMaxAttempts must be 1...100") }
        server.dangerousOperationDelay = try delay(reader, "dangerousOperationDelay", server.dangerousOperationDelay)
        server.recoveryDelay = try delay(reader, "recoveryDelay", server.recoveryDelay)
        server.archiveAfter = try delay(reader, "archiveAfter", server.archiveAfter)
        server.groupCommit = reader.bool(forKey: "groupCommit", default: server.groupCommit)
        server.trustedProxies = try reader.stringArray(forKey: "trustedProxy", default: []).map { text in
            do { return try IPAddressBlock(cidr: text) } catch { throw ValidationError("trustedProxy: \(error)") }
        }
        server.signedRequestsPerKeyPerMinute = reader.int(forKey: "signedRequestsPerKeyPerMinute", default: server.signedRequestsPerKeyPerMinute)
        guard server.signedRequestsPerKeyPerMinute >= 1 else { throw ValidationError("signedRequestsPerKeyPerMinute must be at least 1") }
        if let file = reader.string(forKey: "metricsTokenFile"), !file.isEmpty {
            do { server.metricsToken = try MetricsToken(file: URL(fileURLWithPath: file)) } catch { throw ValidationError("metricsTokenFile: \(error)") }
        }
        server.logOrigin = reader.string(forKey: "logOrigin").flatMap { $0.isEmpty ? nil : $0 }
        if let origin = server.logOrigin, origin.contains(where: { $0 == "+" || $0.isWhitespace }) {
            throw ValidationError("logOrigin must not contain spaces or +")
        }
        do {
            server.witnesses = try reader.stringArray(forKey: "witness", default: []).map { try WitnessConfiguration(line: $0) }
            if let file = reader.string(forKey: "witnessFile"), !file.isEmpty {
                guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("witnessFile: cannot read \(file)") }
                server.witnesses += try WitnessConfiguration.parseFile(String(decoding: data, as: UTF8.self))
            }
        } catch let error as WitnessConfigurationError {
            throw ValidationError("\(error)")
        }
        guard Set(server.witnesses.map(\.key.name)).count == server.witnesses.count else { throw ValidationError("two witnesses share a name") }
        if let threshold = reader.int(forKey: "witnessThreshold") {
            guard (0...server.witnesses.count).contains(threshold) else {
                throw ValidationError("witnessThreshold must be 0...\(server.witnesses.count) (the number of witnesses)")
            }
            server.witnessThreshold = threshold
        }
        server.logPublic = reader.bool(forKey: "logPublic", default: false)
        if let url = reader.string(forKey: "smtpUrl"), !url.isEmpty {
            let passwordFile = reader.string(forKey: "smtpPasswordFile").flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            let caFile = reader.string(forKey: "smtpCaFile").flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            do {
                server.mail = try MailSettings(url: url, passwordFile: passwordFile, from: reader.string(forKey: "mailFrom"), caFile: caFile)
            } catch {
                throw ValidationError("\(error)")
            }
        } else if ["mailFrom", "smtpPasswordFile", "smtpCaFile"].contains(where: { reader.string(forKey: ConfigKey($0)) != nil }) {
            throw ValidationError("mailFrom, smtpPasswordFile and smtpCaFile need smtpUrl")
        }
        if let hour = reader.int(forKey: "mailReminderHour") {
            guard (0...23).contains(hour) else { throw ValidationError("mailReminderHour must be 0...23 (UTC)") }
            guard server.mail != nil else { throw ValidationError("mailReminderHour needs smtpUrl") }
            server.mailReminderHour = hour
        }
        let level = reader.string(forKey: "logLevel", default: "info")
        guard let parsed = Logger.Level(rawValue: level) else { throw ValidationError("unknown log level \(level)") }
        logLevel = parsed
        guard (1024...(64 << 20)).contains(server.maxBodyBytes) else { throw ValidationError("maxBodyBytes must be 1 KiB...64 MiB") }
    }

    /// A delay given as text ("24h", "90") or, in the file, as a number of seconds.
    private func delay(_ reader: ConfigReader, _ key: String, _ fallback: TimeInterval) throws -> TimeInterval {
        if let text = reader.string(forKey: ConfigKey(key)) { return try DelaySetting.parse(text, setting: key) }
        if let number = reader.int(forKey: ConfigKey(key)) { return try DelaySetting.parse(String(number), setting: key) }
        return fallback
    }

    private func seconds(_ reader: ConfigReader, _ key: ConfigKey, _ fallback: TimeInterval) throws -> TimeInterval {
        let value = reader.double(forKey: key, default: fallback)
        guard value.isFinite, value > 0 else { throw ValidationError("\(key) must be a positive number of seconds") }
        return value
    }
}
