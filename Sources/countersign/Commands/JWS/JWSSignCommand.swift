import ArgumentParser
import CountersignJOSE
import CountersignJSON
import Foundation

/// `countersign jws sign`: a General JWS with one signature per key.
struct JWSSignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a payload with one or more private JWKs; prints a General JWS JSON envelope.",
        discussion: "Each signature's protected header holds alg, kid (the key's RFC 7638 thumbprint) and iat."
    )

    @Option(name: .customLong("key"), help: "Private JWK file (repeatable).")
    var keys: [String]

    @Option(help: "Payload file, or - for standard input.")
    var payload: String

    @Option(help: "Existing envelope to add the signatures to; its payload must be the same bytes.")
    var append: String?

    func run() throws {
        guard !keys.isEmpty else { throw ValidationError("give at least one --key") }
        var jws = try UnreadableInput.exitingOnFailure { () throws -> JWS in
            let payloadBytes = try CommandIO.read(payload)
            guard let append else { return JWS(payload: payloadBytes) }
            let existing: JWS
            do { existing = try JWS(parsing: try CommandIO.read(append)) } catch let error as JWSError {
                throw UnreadableInput("\(append): \(error)")
            }
            guard existing.payload == payloadBytes else {
                throw UnreadableInput("\(append) signs a different payload than \(payload); refusing to append")
            }
            return existing
        }
        let signers = try UnreadableInput.exitingOnFailure { () throws -> [JWSSigner] in
            try keys.map { path in
                do {
                    return try JWSSigner(key: JWK(json: try CommandIO.read(path)))
                } catch let error as JWKError {
                    throw UnreadableInput("\(path): \(error)")
                } catch let error as JWSError {
                    throw UnreadableInput("\(path): \(error)")
                }
            }
        }
        let issuedAt = JSONValue.number(Double(Int64(Date().timeIntervalSince1970)))
        for signer in signers {
            do { try signer.sign(&jws, protectedHeader: ["iat": issuedAt]) } catch { throw ValidationError(error.description) }
        }
        CommandIO.printLine(jws.generalSerialization())
    }
}
