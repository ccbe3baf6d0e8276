import ArgumentParser
import AsyncHTTPClient
import CountersignHTTPSignatures
import CountersignJOSE
import CountersignServer
import Foundation
import NIOCore

/// `countersign admin`: administration with the ADMIN_KEY, every request signed (RFC 9421).
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "Administer a server with the ADMIN_KEY.", subcommands: [AdminInviteCommand.self, AdminTokenCommand.self])
}

/// Where the server is and which ADMIN_KEY signs: flags, else COUNTERSIGN_SERVER and
/// COUNTERSIGN_ADMIN_KEY (the 64 hex digits), else the defaults of `serve`.
struct AdminConnection: ParsableArguments {
    @Option(help: "Server URL (default: COUNTERSIGN_SERVER or http://localhost:8080).") var server: String?
    @Option(name: .customLong("admin-key-file"), help: "File holding the ADMIN_KEY (default: COUNTERSIGN_ADMIN_KEY or countersign-data/admin.key).")
    var adminKeyFile: String?

    var serverURL: String {
        let environment = ProcessInfo.processInfo.environment
        let url = server ?? environment["COUNTERSIGN_SERVER"] ?? "http://localhost:8080"
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    func adminKey() throws -> [UInt8] {
        do {
            if let adminKeyFile { return try ServerSecrets.readAdminKey(at: URL(fileURLWithPath: adminKeyFile)) }
            if let text = ProcessInfo.processInfo.environment["COUNTERSIGN_ADMIN_KEY"], !text.isEmpty {
                return try ServerSecrets.parseAdminKey(text, source: "COUNTERSIGN_ADMIN_KEY")
            }
            return try ServerSecrets.readAdminKey(at: URL(fileURLWithPath: "countersign-data/admin.key"))
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// POSTs `json` to `path`, signed with the ADMIN_KEY; returns the status and the parsed body.
    func post(_ path: String, _ json: JSONObject) async throws -> (status: Int, body: JSONValue) {
        let url = serverURL + path
        let body = JCS.canonicalize(.object(json))
        let headers = try RequestSigning.headers(
            method: "POST", url: url, body: body, keyid: "admin", key: .hmacSHA256(secret: try adminKey()),
            created: Int(Date().timeIntervalSince1970), nonce: Base64URL.encode(ServerSecrets.randomBytes(16)))
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        } catch {
            throw ValidationError("cannot reach \(serverURL): \(error)")
        }
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let parsed = (try? JSONParser().parse(Array(buffer: bytes))) ?? .null
        return (Int(response.status.code), parsed)
    }
}

/// `countersign admin invite`: creates a member and an invitation; prints the link.
struct AdminInviteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite", abstract: "Create a member and an invitation link to register their passkey.")

    @Option(help: "The member's name as others will see it.") var name: String
    @Option(name: .customLong("role"), help: "A role (repeatable), e.g. --role investor.") var roles: [String] = []
    @OptionGroup var connection: AdminConnection
    @Flag(help: "Print {\"member\",\"token\",\"link\"} as JSON.") var json = false

    func run() async throws {
        let (status, body) = try await connection.post(
            "/api/admin/invitations", ["name": .string(name), "roles": .array(roles.map { .string($0) })])
        guard status == 201, let object = body.objectValue, let link = object["link"]?.stringValue else {
            let message = body.objectValue?["error"]?.objectValue?["message"]?.stringValue ?? "HTTP \(status)"
            CommandIO.printError("countersign admin invite: \(message)")
            throw ExitCode(1)
        }
        if json {
            CommandIO.printLine(JCS.canonicalize(.object([
                "member": object["member"] ?? .null, "token": object["token"] ?? .null, "link": .string(link),
            ])))
        } else {
            CommandIO.printLine("Invited \(name) as \(object["member"]?.stringValue ?? "?").")
            CommandIO.printLine("Send this link (valid until \(object["expiresAt"]?.stringValue ?? "?")):")
            CommandIO.printLine(link)
        }
    }
}
