import BenchmarkFixtures

// Runs one path of the WebAuthn assertion benchmark a fixed number of times, for instruction
// counting with `valgrind --tool=callgrind` (scripts/bench).
//
//     webauthn-profile p256|assertion ITERATIONS

let arguments = CommandLine.arguments
guard arguments.count == 3, let iterations = Int(arguments[2]), iterations > 0,
      arguments[1] == "p256" || arguments[1] == "assertion" else {
    fatalError("usage: webauthn-profile p256|assertion ITERATIONS")
}
let fixture = try AssertionFixture()
var verified = 0
for _ in 0..<iterations {
    if arguments[1] == "p256" ? fixture.verifyRaw() : fixture.verifyAssertion() { verified += 1 }
}
precondition(verified == iterations, "a verification failed")
