import ArgumentParser
import Countersign
import CountersignJSON

/// `countersign policy`: work with approval policies (docs/policies.md).
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Check approval policies and explain them in words.",
        subcommands: [PolicyCheckCommand.self]
    )
}

/// `countersign policy check`: validates a policy and says what it means.
struct PolicyCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a policy file and explain it in words.",
        discussion: """
            With --members, also checks that those members can meet the policy and names them in the explanation.
            Exit status: 0 valid, 1 invalid (the reason is printed), 2 unreadable or non-JSON input.
            """
    )

    @Argument(help: "Policy JSON file, or - for standard input.")
    var policy: String

    @Option(help: "Member list: [{\"id\",\"name\",\"roles\"}] or an object with such a \"members\" array.")
    var members: String?

    @Flag(help: "Print the result as one JSON object.")
    var json = false

    func run() throws {
        let (parsed, directory) = try UnreadableInput.exitingOnFailure { () throws -> (Result<Policy, PolicyError>, [Member]?) in
            let bytes = try CommandIO.read(policy)
            let directory: [Member]? = try members.map { path in
                do { return try Member.list(json: try CommandIO.read(path)) } catch let error as MemberError {
                    throw UnreadableInput("\(path): \(error)")
                }
            }
            do throws(PolicyError) {
                return (.success(try Policy(json: bytes)), directory)
            } catch .notJSON(let error) {
                throw UnreadableInput("\(policy): not JSON: \(error)")
            } catch {
                return (.failure(error), directory)
            }
        }
        switch parsed {
        case .failure(let error):
            report(invalid: error)
            throw ExitCode(1)
        case .success(let valid):
            let reachability = directory.map { valid.reachability(members: $0) }
            report(valid, directory: directory, reachability: reachability)
            if reachability?.reachable == false { throw ExitCode(1) }
        }
    }

    private func report(invalid error: PolicyError) {
        if json {
            let object: JSONObject = ["code": .string(error.code), "path": .string(error.path), "message": .string(error.message)]
            CommandIO.printLine(JCS.canonicalize(.object(["valid": false, "error": .object(object)])))
        } else {
            CommandIO.printLine("invalid policy: \(error) [\(error.code)]")
        }
    }

    private func report(_ policy: Policy, directory: [Member]?, reachability: PolicyReachability?) {
        let description = directory.map { PolicyDescription(policy, members: $0) } ?? PolicyDescription(policy)
        if json {
            var object: JSONObject = [
                "valid": .bool(reachability?.reachable ?? true), "description": .string(description.text),
                "policy": policy.jsonValue, "threshold": .number(Double(policy.threshold)),
            ]
            if let reachability { object["members"] = reachability.jsonValue }
            CommandIO.printLine(JCS.canonicalize(.object(object)))
            return
        }
        guard let reachability else {
            CommandIO.printLine("valid policy: \(description.text)")
            return
        }
        let names = Dictionary(directory?.map { ($0.id, $0.name) } ?? [], uniquingKeysWith: { first, _ in first })
        if reachability.reachable {
            CommandIO.printLine("valid policy: \(description.text)")
            CommandIO.printLine("these members can meet it: up to weight \(reachability.possibleWeight) of the \(policy.threshold) needed")
        } else {
            CommandIO.printLine("invalid for these members: \(description.text)")
            for path in reachability.unreachableLevels {
                CommandIO.printLine("  \(path.isEmpty ? "the top-level policy" : path) can never be satisfied by these members")
            }
        }
        for member in reachability.unknownMembers {
            CommandIO.printLine("warning: \(names[member] ?? member.rawValue) is named in the policy but is not in the member list")
        }
        for role in reachability.unheldRoles {
            CommandIO.printLine("warning: no member holds the role \(role)")
        }
    }
}

extension PolicyReachability {
    var jsonValue: JSONValue {
        .object([
            "reachable": .bool(reachable), "possibleWeight": .number(Double(possibleWeight)),
            "threshold": .number(Double(threshold)),
            "unreachableLevels": .array(unreachableLevels.map { .string($0) }),
            "unknownMembers": .array(unknownMembers.map { .string($0.rawValue) }),
            "unheldRoles": .array(unheldRoles.map { .string($0.rawValue) }),
        ])
    }
}
