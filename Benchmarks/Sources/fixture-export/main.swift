import BenchmarkFixtures
import CountersignJSON
import Foundation

// Writes the 3-signer General JWS and the ES256 assertion fixtures as JSON files into a directory,
// for scripts/bench-compare.py (joserfc and py_webauthn verify the same inputs as the Swift
// benchmarks):
//
//     fixture-export DIRECTORY    # writes envelope-3.json and assertion-es256.json

let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    fatalError("usage: fixture-export DIRECTORY")
}
let directory = URL(fileURLWithPath: arguments[1], isDirectory: true)
let envelope = try EnvelopeFixture(signers: 3)
let assertion = try AssertionFixture(algorithm: .es256)
precondition(envelope.verifyEnvelope() && assertion.verifyAssertion(), "a fixture does not verify")
try Data(JCS.canonicalize(envelope.exported)).write(to: directory.appendingPathComponent("envelope-3.json"))
try Data(JCS.canonicalize(assertion.exported)).write(to: directory.appendingPathComponent("assertion-es256.json"))
