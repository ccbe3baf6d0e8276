import LibFuzzerEntry

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs libFuzzer on `target` with the process's command line (flags, corpus directories or inputs
/// to replay; see scripts/fuzz) and exits with its status. Every target's `@main` calls this.
public func runLibFuzzer(_ target: countersign_fuzz_target) -> Never {
    exit(countersign_run_libfuzzer(CommandLine.argc, CommandLine.unsafeArgv, target))
}

/// The input libFuzzer hands to `LLVMFuzzerTestOneInput`, as an array (empty for no data).
public func inputBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// Splits an input into at most `count` parts at its newlines (0x0A), for targets that read
/// several values at once (two header fields and a body, a token and its claims); missing parts
/// are empty.
public func inputParts(_ bytes: [UInt8], count: Int) -> [[UInt8]] {
    var parts = bytes.split(separator: 0x0A, maxSplits: count - 1, omittingEmptySubsequences: false).map(Array.init)
    while parts.count < count { parts.append([]) }
    return parts
}
