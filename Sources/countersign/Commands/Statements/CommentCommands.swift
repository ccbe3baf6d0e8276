import ArgumentParser
import Countersign
import CountersignClient
import CountersignJSON
import Foundation

/// `countersign comment ID TEXT`: add a comment to a statement's thread (its creator and the
/// members its policy names only).
struct CommentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comment", abstract: "Add a comment to a statement's thread (at most 2000 characters, kept as given).")

    @Argument(help: "The statement id (st_…).") var id: String
    @Argument(help: "The comment's text.") var text: String
    @OptionGroup var connection: MemberConnection
    @Flag(help: "Print the comment as the server's JSON.") var json = false

    func run() async throws {
        try await CommandFailure.reporting("comment") {
            let comment = try await connection.client().comment(id, text: text)
            CommandIO.printLine(json ? CommentLines.json(comment) : "commented on \(comment.statement) as \(comment.id)")
        }
    }
}

/// `countersign comments ID`: a statement's thread, oldest first.
struct CommentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "comments", abstract: "Show a statement's comment thread.")

    @Argument(help: "The statement id (st_…).") var id: String
    @OptionGroup var connection: MemberConnection
    @Flag(help: "Print one JSON object per line.") var json = false

    func run() async throws {
        try await CommandFailure.reporting("comments") {
            for comment in try await connection.client().comments(id) {
                CommandIO.printLine(json ? CommentLines.json(comment) : CommentLines.text(comment))
            }
        }
    }
}

/// How comments print: the text as a JSON string, so that line feeds and quotes in it stay on one line.
enum CommentLines {
    static func text(_ comment: StatementComment) -> String {
        "\(Timestamp.format(comment.createdAt)) \(comment.author): \(JCS.string(.string(comment.text)))"
    }

    static func json(_ comment: StatementComment) -> String {
        String(decoding: JCS.canonicalize(.object([
            "id": .string(comment.id), "statement": .string(comment.statement), "author": .string(comment.author),
            "text": .string(comment.text), "createdAt": .string(Timestamp.format(comment.createdAt)),
        ])), as: UTF8.self)
    }
}
