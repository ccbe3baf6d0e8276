import ArgumentParser
import CountersignClient
import CountersignJSON

/// The arguments of every command that acts on one statement: its id, the member connection and
/// `--json`.
struct StatementTarget: ParsableArguments {
    @Argument(help: "The statement id (st_…).") var id: String
    @OptionGroup var connection: MemberConnection
    @Flag(help: "Print the statement as the server's JSON.") var json = false

    /// Prints a statement after a change: the server's JSON, or `summary` followed by the state.
    func printResult(_ view: StatementView, _ summary: String) {
        if json {
            printStatement(view, json: true)
        } else {
            CommandIO.printLine("\(summary) \(view.id); state: \(view.state) (weight \(view.weight) of \(view.threshold))")
        }
    }
}

/// Prints a statement as text with the members' names beside their ids, or as the server's
/// JSON with `json`.
func printStatement(_ view: StatementView, json: Bool, names: MemberNames = .none) {
    if json {
        CommandIO.printLine(JCS.canonicalize(.object(view.json)))
    } else {
        for line in StatementText.lines(view, names: names) { CommandIO.printLine(line) }
    }
}
