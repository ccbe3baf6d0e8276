import CountersignTestSupport
import Foundation
import Testing

// `countersign policy check` (docs/cli.md): exit 0 valid, 1 invalid with the reason, 2 unreadable.

@Suite("countersign policy check")
struct PolicyCheckTests {
    static let valid = #"""
        {"threshold":2,"signers":[{"member":"mem_alice","weight":1},{"member":"mem_bob","weight":1},
         {"member":"mem_carol","weight":1}],"required":["mem_alice"],"expiresAfter":"P30D"}
        """#
    static let members = #"""
        [{"id":"mem_alice","name":"Alice","roles":["founder"]},{"id":"mem_bob","name":"Bob"},
         {"id":"mem_carol","name":"Carol","roles":[]}]
        """#

    func check(_ policy: String, members: String? = nil, json: Bool = false) async throws -> ProcessResult {
        try await TemporaryDirectory.with { dir in
            var arguments = ["policy", "check", try dir.write("policy.json", Data(policy.utf8))]
            if let members { arguments += ["--members", try dir.write("members.json", Data(members.utf8))] }
            if json { arguments.append("--json") }
            return try await CLI.run(arguments)
        }
    }

    func object(_ result: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "stdout: \(result.stdout)")
    }

    @Test("a valid policy exits 0 and is explained in words")
    func validPolicy() async throws {
        let result = try await check(Self.valid)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == "valid policy: any 2 of mem_alice, mem_bob and mem_carol; mem_alice must approve; expires 30 days after creation\n")
    }

    @Test("--members names the members and checks they can meet the policy")
    func withMembers() async throws {
        let result = try await check(Self.valid, members: Self.members)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("valid policy: any 2 of Alice, Bob and Carol; Alice must approve; expires 30 days after creation\n"))
        #expect(result.stdout.contains("these members can meet it: up to weight 3 of the 2 needed"))
    }

    @Test("a policy these members cannot meet exits 1 with warnings")
    func unmeetableForMembers() async throws {
        let policy = #"{"threshold":3,"signers":[{"member":"mem_alice","weight":1},{"member":"mem_dave","weight":1},{"role":"auditor","weight":1}]}"#
        let result = try await check(policy, members: Self.members)
        #expect(result.exitCode == 1)
        #expect(result.stdout.contains("invalid for these members"))
        #expect(result.stdout.contains("the top-level policy can never be satisfied by these members"))
        #expect(result.stdout.contains("warning: mem_dave is named in the policy but is not in the member list"))
        #expect(result.stdout.contains("warning: no member holds the role auditor"))
    }

    @Test("invalid policies exit 1 with the location, the reason and the code", arguments: [
        (#"{"threshold":3,"signers":[{"member":"mem_a","weight":1}]}"#,
         "invalid policy: threshold: threshold 3 can never be reached: all entries together weigh at most 1 [policy_unreachable]"),
        (#"{"threshold":1,"signers":[{"member":"mem_a","weight":1},{"member":"mem_a","weight":2}]}"#,
         "invalid policy: signers[1]: member mem_a is already listed at signers[0]; list each signer once per level [policy_duplicate_signer]"),
        (#"{"threshold":1,"signers":[{"wait":"P1M","weight":1}]}"#,
         "invalid policy: signers[0].wait: \"P1M\" uses years or months, which have no fixed length; write days or weeks instead (P30D, P52W) [policy_duration]"),
        ("[1,2]", "invalid policy: a policy must be a JSON object [policy_not_object]"),
    ])
    func invalid(policy: String, message: String) async throws {
        let result = try await check(policy)
        #expect(result.exitCode == 1)
        #expect(result.stdout == message + "\n")
    }

    @Test("--json prints the verdict, the description and the canonical policy")
    func json() async throws {
        let valid = try object(try await check(Self.valid, members: Self.members, json: true))
        #expect(valid["valid"] as? Bool == true)
        #expect((valid["description"] as? String)?.hasPrefix("any 2 of Alice, Bob and Carol") == true)
        #expect((valid["policy"] as? [String: Any])?["expiresAfter"] as? String == "P30D")
        #expect((valid["members"] as? [String: Any])?["possibleWeight"] as? Int == 3)

        let result = try await check(#"{"threshold":0,"signers":[{"member":"mem_a","weight":1}]}"#, json: true)
        #expect(result.exitCode == 1)
        let error = try #require(try object(result)["error"] as? [String: Any])
        #expect(error["code"] as? String == "policy_threshold" && error["path"] as? String == "threshold")
    }

    @Test("unreadable or non-JSON input exits 2", arguments: ["{", "not json", "{\"a\":1,\"a\":2}"])
    func notJSON(text: String) async throws {
        let result = try await check(text)
        #expect(result.exitCode == 2)
        #expect(result.stderr.hasPrefix("error: "))
    }

    @Test("a missing file or a malformed member list exits 2")
    func unreadable() async throws {
        let missing = try await CLI.run(["policy", "check", "/nonexistent/policy.json"])
        #expect(missing.exitCode == 2 && missing.stderr.contains("cannot read"))
        let badMembers = try await check(Self.valid, members: #"[{"id":"alice","name":"Alice"}]"#)
        #expect(badMembers.exitCode == 2 && badMembers.stderr.contains("members[0]"))
    }

    @Test("standard input is read with -")
    func standardInput() async throws {
        let result = try await CLI.run(["policy", "check", "-"], stdin: Data(Self.valid.utf8))
        #expect(result.exitCode == 0 && result.stdout.hasPrefix("valid policy:"))
    }
}
