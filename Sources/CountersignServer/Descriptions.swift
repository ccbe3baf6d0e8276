import Foundation

// Short descriptions for the values every background service holds. Without them, Swift describes
// a value by reflecting over all of its stored properties: ServiceLifecycle describes each service
// when the server starts, which walked the web app's file bytes (seconds of CPU per start in a
// debug build) and would have spelled out the ADMIN_KEY and the server's private key wherever a
// service or the environment was logged or interpolated.

extension ServerSecrets: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Never shows a secret.
    public var description: String { "ServerSecrets(adminKey: <redacted>, serverKey: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension ServerEnvironment: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "ServerEnvironment(store: \(store.engine), rpID: \(configuration.rpID), origins: \(configuration.origins))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension WebAssets: CustomStringConvertible, CustomReflectable {
    public var description: String { "WebAssets(\(files.count) files)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension ServerServices: CustomStringConvertible, CustomReflectable {
    var description: String { "ServerServices" }
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .class) }
}

// The background services ServiceLifecycle describes: their name only, never the parts they hold.
extension Checkpointer: CustomStringConvertible, CustomReflectable {
    var description: String { "Checkpointer" }
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension OperationRunner: CustomStringConvertible, CustomReflectable {
    var description: String { "OperationRunner" }
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension WebhookDispatcher: CustomStringConvertible, CustomReflectable {
    var description: String { "WebhookDispatcher" }
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension WebhookDeliverer: CustomStringConvertible, CustomReflectable {
    var description: String { "WebhookDeliverer" }
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension MailDeliverer: CustomStringConvertible, CustomReflectable {
    var description: String { "MailDeliverer" }
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension DailyReminder: CustomStringConvertible, CustomReflectable {
    var description: String { "DailyReminder" }
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

/// The SMTP settings without the password (a configuration printed whole must not show it).
extension MailSettings: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "MailSettings(\(security == .implicitTLS ? "smtps" : "smtp")://\(username.map { "\($0)@" } ?? "")\(host.contains(":") ? "[\(host)]" : host):\(port), from: \(from)\(password == nil ? "" : ", password: redacted")\(authorities))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    private var authorities: String {
        certificateAuthorities.map { ", trusting only the \($0.certificates.count) certificate(s) of smtpCaFile" } ?? ""
    }
}
