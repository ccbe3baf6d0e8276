import Foundation
import PropertyBased
import Testing
@testable import CountersignJSON

/// RFC 8785 canonicalization: the cyberphone test data byte for byte, ES6 numbers, I-JSON errors.
@Suite struct JCSTests {
    static let vectorNames = ["arrays", "french", "structures", "unicode", "values", "weird"]

    @Test("RFC 8785 test data: canonical bytes match output/ exactly", .enabled(if: VectorFiles.isAvailable, VectorFiles.missingReason),
          arguments: vectorNames)
    func testData(name: String) throws {
        let input = try VectorFiles.bytes("jcs/input/\(name).json")
        let expected = try VectorFiles.bytes("jcs/output/\(name).json")
        let canonical = try JCS.canonicalize(json: input)
        #expect(canonical == expected, "\(name): \(String(decoding: canonical, as: UTF8.self))")
        // outhex/ holds the same bytes as hex.
        let hex = String(decoding: try VectorFiles.bytes("jcs/outhex/\(name).txt"), as: UTF8.self)
            .split(whereSeparator: \.isWhitespace).joined()
        #expect(Hex.encode(canonical) == hex.lowercased())
    }

    /// Sample lines of the ES6 number test file (testdata-README.md: IEEE hex, expected text).
    @Test("ES6 number serialisation", arguments: [
        ("0000000000000000", "0"), ("8000000000000000", "0"), ("0000000000000001", "5e-324"),
        ("8000000000000001", "-5e-324"), ("7fefffffffffffff", "1.7976931348623157e+308"),
        ("ffefffffffffffff", "-1.7976931348623157e+308"), ("4340000000000000", "9007199254740992"),
        ("c340000000000000", "-9007199254740992"), ("4430000000000000", "295147905179352830000"),
        ("44b52d02c7e14af5", "9.999999999999997e+22"), ("44b52d02c7e14af6", "1e+23"),
        ("44b52d02c7e14af7", "1.0000000000000001e+23"), ("444b1ae4d6e2ef4e", "999999999999999700000"),
        ("444b1ae4d6e2ef4f", "999999999999999900000"), ("444b1ae4d6e2ef50", "1e+21"),
        ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"), ("3eb0c6f7a0b5ed8d", "0.000001"),
        ("41b3de4355555553", "333333333.3333332"), ("41b3de4355555554", "333333333.33333325"),
        ("41b3de4355555555", "333333333.3333333"), ("41b3de4355555556", "333333333.3333334"),
        ("41b3de4355555557", "333333333.33333343"), ("becbf647612f3696", "-0.0000033333333333333333"),
        ("43143ff3c1cb0959", "1424953923781206.2"),
    ])
    func es6Numbers(bits: String, expected: String) throws {
        let pattern = try #require(UInt64(bits, radix: 16))
        #expect(ECMAScriptNumber.format(Double(bitPattern: pattern)) == expected)
    }

    @Test("exact integers below 2^53 take a shortcut that spells them as the digit search does")
    func integerShortcut() {
        var generator = SystemRandomNumberGenerator()
        var integers: [Double] = [1, 2, 9, 10, 99, 100, 4096, 1e15, 1e16 - 2, 9_007_199_254_740_990, 9_007_199_254_740_991]
        for _ in 0..<2000 { integers.append(Double(Int64.random(in: 1..<9_007_199_254_740_992, using: &generator))) }
        for power in 0...15 { integers.append(pow(10, Double(power))) }
        for integer in integers {
            #expect(ECMAScriptNumber.format(integer) == ECMAScriptNumber.formatBySearch(integer), "\(integer)")
            #expect(ECMAScriptNumber.format(-integer) == ECMAScriptNumber.formatBySearch(-integer), "\(-integer)")
        }
        // Beyond 2^53 and below 1: the general path.
        #expect(ECMAScriptNumber.format(18_014_398_509_481_984) == "18014398509481984")
        #expect(ECMAScriptNumber.format(1e21) == "1e+21")
        #expect(ECMAScriptNumber.format(0.5) == "0.5")
        #expect(ECMAScriptNumber.format(-2.5) == "-2.5")
    }

    @Test("ES6 number sample lines of the test-data README", .enabled(if: VectorFiles.isAvailable, VectorFiles.missingReason))
    func readmeSamples() throws {
        let readme = String(decoding: try VectorFiles.bytes("jcs/testdata-README.md"), as: UTF8.self)
        let samples = readme.split(separator: "\n").compactMap { line -> (UInt64, String)? in
            let parts = line.split(separator: ",")
            guard parts.count == 2, parts[0].count <= 16, let bits = UInt64(parts[0], radix: 16) else { return nil }
            return (bits, String(parts[1]))
        }
        #expect(samples.count >= 7)
        for (bits, expected) in samples {
            #expect(ECMAScriptNumber.format(Double(bitPattern: bits)) == expected)
        }
    }

    @Test("I-JSON violations are refused with a clear reason")
    func iJSONViolations() {
        let cases: [(String, JSONError.Reason)] = [
            (#"{"a":1,"a":2}"#, .duplicateName("a")),
            (#"[1e400]"#, .numberOutOfRange),
            (#"[-1e400]"#, .numberOutOfRange),
            (#"["\ud800"]"#, .loneSurrogate),
            (#"["\udc00\ud800"]"#, .loneSurrogate),
        ]
        for (text, reason) in cases {
            #expect(throws: JSONError.self, "\(text)") { try JCS.canonicalize(json: Array(text.utf8)) }
            do {
                _ = try JCS.canonicalize(json: Array(text.utf8))
            } catch {
                #expect(error.reason == reason, "\(text): \(error)")
            }
        }
    }

    @Test("canonicalization is idempotent and independent of member order and whitespace")
    func idempotent() async {
        await propertyCheck(input: Gen.int(in: 0...1_000_000), Gen.int(in: -1000...1000)) { seed, exponent in
            let number = Double(seed) * pow(10, Double(exponent % 300))
            guard number.isFinite else { return }
            let value: JSONValue = .object(["z": .number(number), "a": .array([.string("x\u{1F600}"), .null]), "é": true])
            let canonical = JCS.canonicalize(value)
            let reparsed = try? JSONParser().parse(canonical)
            #expect(reparsed.map(JCS.canonicalize) == canonical)
            #expect(reparsed?.objectValue?["z"]?.numberValue == number)
        }
    }
}
