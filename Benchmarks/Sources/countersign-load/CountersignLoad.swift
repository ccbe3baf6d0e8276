import CountersignJSON
import Foundation
import NIOCore

/// `countersign-load`: prepares members, keys and statements on a running server through its
/// HTTP API, pre-signs approvals, then submits them at a fixed concurrency and reports throughput,
/// latency percentiles, errors by status and the server's peak memory (docs/PERFORMANCE.md).
@main
enum CountersignLoad {
    static func main() async {
        do {
            let options = try LoadOptions(arguments: Array(CommandLine.arguments.dropFirst()))
            if options.ed25519Baseline {
                print("{\"ed25519VerifyMs\":\(try Ed25519Baseline.verificationMilliseconds())}")
                return
            }
            let report = try await run(options)
            print(options.json ? report.json() : report.text())
        } catch {
            FileHandle.standardError.write(Data("countersign-load: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(_ options: LoadOptions) async throws -> LoadReport {
        let text = try String(contentsOfFile: options.adminKeyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let adminKey = Hex.decode(text.lowercased()), adminKey.count == 32 else {
            throw LoadError.usage("\(options.adminKeyFile) must hold the ADMIN_KEY as 64 hex digits")
        }
        let clock = ContinuousClock()
        let preparing = clock.now
        let statementCount = (options.approvals + options.perStatement - 1) / options.perStatement
        let team = try await LoadTeam.make(voters: options.voters, statements: statementCount, server: options.server, adminKey: adminKey)
        let statements = try await ApprovalPreparation.statements(
            count: statementCount, perStatement: options.perStatement, creators: team.creators, server: options.server)
        let requests = try await ApprovalPreparation.sign(
            approvals: options.approvals, perStatement: options.perStatement, statements: statements, voters: team.voters,
            server: options.server, minimal: options.minimal)
        let prepared = preparing.duration(to: clock.now)

        let perf = try options.perfControl.map(PerfControl.init(paths:))
        try perf?.enable()
        let own = Int(getpid())
        let cpuBefore = (
            server: ProcessCPU.seconds(pid: options.serverPID), generator: ProcessCPU.seconds(pid: own),
            database: ProcessCPU.treeSeconds(pid: options.databasePID))
        let result = try await TimedRun.run(
            requests, clients: options.clients, duration: options.duration, rate: options.rate, server: options.server)
        let cpu = CPUUse(
            server: ProcessCPU.seconds(pid: options.serverPID).flatMap { after in cpuBefore.server.map { after - $0 } },
            generator: ProcessCPU.seconds(pid: own).flatMap { after in cpuBefore.generator.map { after - $0 } },
            database: ProcessCPU.treeSeconds(pid: options.databasePID).flatMap { after in cpuBefore.database.map { after - $0 } })
        try perf?.disable()
        return LoadReport(
            options: options, result: result, cpu: cpu, peakMB: LoadReport.peakMemory(pid: options.serverPID),
            preparationSeconds: Double(prepared.components.seconds) + Double(prepared.components.attoseconds) / 1e18)
    }
}
