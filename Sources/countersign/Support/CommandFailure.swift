import ArgumentParser

/// A failure a command reports as one line on standard error, with exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }

    /// Runs a command's work; any error becomes its `ErrorLine` ("countersign <command>: <reason>",
    /// or "countersign: cannot connect to …") on standard error and exit status 1 (exit codes the
    /// work chose itself pass through).
    static func reporting(_ command: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            CommandIO.printError(ErrorLine.text(for: error, command: command))
            throw ExitCode(1)
        }
    }
}
