import Foundation

/// The `--name value` command lines of the benchmark executables (countersign-scale,
/// sqlite-layer-prototype), parsed by hand so the Benchmarks package needs no argument parser.
public enum CommandLineOptions {
    /// A command line that does not parse, with what was expected.
    public struct Refusal: Error, CustomStringConvertible {
        public let message: String

        public init(_ message: String) {
            self.message = message
        }

        public var description: String { "usage: \(message)" }
    }

    /// `--name value` options; unknown or valueless options are refused.
    public static func parse(_ arguments: ArraySlice<String>, allowed: Set<String>) throws(Refusal) -> [String: String] {
        var result: [String: String] = [:]
        var rest = arguments
        while let name = rest.popFirst() {
            guard name.hasPrefix("--"), allowed.contains(String(name.dropFirst(2))), let value = rest.popFirst() else {
                throw Refusal("unknown option or missing value: \(name) (allowed: \(allowed.sorted().map { "--" + $0 }.joined(separator: " ")))")
            }
            result[String(name.dropFirst(2))] = value
        }
        return result
    }

    /// The whole number given as `--name`, or `value` when it was not given.
    public static func integer(_ options: [String: String], _ name: String, default value: Int, range: ClosedRange<Int>) throws(Refusal) -> Int {
        guard let text = options[name] else { return value }
        guard let parsed = Int(text.replacingOccurrences(of: "_", with: "")), range.contains(parsed) else {
            throw Refusal("--\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return parsed
    }
}
