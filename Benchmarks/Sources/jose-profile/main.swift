import BenchmarkFixtures

// Runs one path of the JOSE verification benchmark a fixed number of times, for instruction
// counting with `valgrind --tool=callgrind` (scripts/bench): counts, unlike seconds, do not depend
// on what else the shared machine is doing.
//
//     jose-profile raw|envelope ITERATIONS

let arguments = CommandLine.arguments
guard arguments.count == 3, let iterations = Int(arguments[2]), iterations > 0,
      arguments[1] == "raw" || arguments[1] == "envelope" else {
    fatalError("usage: jose-profile raw|envelope ITERATIONS")
}
let fixture = try EnvelopeFixture()
var verified = 0
for _ in 0..<iterations {
    if arguments[1] == "raw" ? fixture.verifyRaw() : fixture.verifyEnvelope() { verified += 1 }
}
precondition(verified == iterations, "a verification failed")
