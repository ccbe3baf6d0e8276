import ArgumentParser
import CountersignClient
import CountersignJOSE
import Foundation

/// Where the server is and which member key signs: `--server`, else COUNTERSIGN_SERVER, else
/// http://localhost:8080; `--key FILE` (a private JWK as `countersign keygen` writes it), else the
/// file COUNTERSIGN_KEY names.
struct MemberConnection: ParsableArguments {
    @Option(help: "Server URL (default: COUNTERSIGN_SERVER or http://localhost:8080).") var server: String?
    @Option(help: "Private JWK file of your signing key (default: the file COUNTERSIGN_KEY names).") var key: String?

    var serverURL: String {
        server ?? ProcessInfo.processInfo.environment["COUNTERSIGN_SERVER"] ?? "http://localhost:8080"
    }

    /// The private signing key; never printed.
    func signingKey() throws -> JWK {
        guard let path = key ?? ProcessInfo.processInfo.environment["COUNTERSIGN_KEY"], !path.isEmpty else {
            throw CommandFailure("no signing key: pass --key FILE or set COUNTERSIGN_KEY to the file `countersign keygen` wrote")
        }
        let jwk: JWK
        do { jwk = try JWK(json: try CommandIO.read(path)) } catch {
            throw CommandFailure("\(path) is not a JWK: \(error)")
        }
        guard jwk.isPrivate else { throw CommandFailure("\(path) holds a public key; signing needs the private JWK") }
        return jwk
    }

    /// A client that signs every request with the member's key.
    func client() throws -> CountersignClient {
        CommandLineHTTP.countersign(server: serverURL, credentials: .member(key: try signingKey()))
    }

    /// For reading the transparency log: a signing client when a key is given (`--key` or
    /// COUNTERSIGN_KEY), else an anonymous one, which can read a public log (`--log-public`) only.
    func logReader() throws -> CountersignClient {
        let configured = key ?? ProcessInfo.processInfo.environment["COUNTERSIGN_KEY"]
        guard let configured, !configured.isEmpty else { return CommandLineHTTP.countersign(server: serverURL, credentials: .anonymous) }
        return try client()
    }
}
