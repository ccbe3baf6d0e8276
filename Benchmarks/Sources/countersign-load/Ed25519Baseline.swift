import Crypto
import Foundation

/// The floor of one approval's CPU: its two Ed25519 verifications (the request's RFC 9421
/// signature and the vote's JWS), measured raw with swift-crypto in the generator's process, so
/// `scripts/bench-load` can state the server's CPU per approval as a multiple of it in the same
/// run (`countersign-load --ed25519-baseline`).
enum Ed25519Baseline {
    /// CPU milliseconds of one verification of a message as long as an approval's JWS signing
    /// input, averaged over `count` verifications on one thread.
    static func verificationMilliseconds(count: Int = 20_000) throws -> Double {
        let key = Curve25519.Signing.PrivateKey()
        let message = Data((0..<480).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let signature = try key.signature(for: message)
        let publicKey = key.publicKey
        var valid = 0
        // Warm up, then measure.
        for _ in 0..<1_000 where publicKey.isValidSignature(signature, for: message) { valid += 1 }
        let before = threadCPUSeconds()
        for _ in 0..<count where publicKey.isValidSignature(signature, for: message) { valid += 1 }
        let seconds = threadCPUSeconds() - before
        guard valid == count + 1_000 else { throw LoadError.preparation("a raw Ed25519 verification failed") }
        return seconds * 1_000 / Double(count)
    }

    /// The calling thread's CPU time (user + system).
    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
