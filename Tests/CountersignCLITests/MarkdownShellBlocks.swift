/// The shell blocks of a Markdown page, in order, each with the line it starts on and the
/// section heading above it.
///
/// A shell block is a fenced code block (``` or ~~~) whose info string is empty, `sh`, `bash`
/// or `shell`, or an indented code block (four spaces or a tab, after a blank line, outside a
/// list item). Blocks of any other language (`text`, `swift`, `json`…) are not shell. Both forms
/// are read so that a page cannot hide a command from its test by changing the block's style.
struct MarkdownShellBlocks {
    struct Block: Equatable {
        /// 1-based line of the block's first command in the page.
        let line: Int
        /// The last `#` heading above the block, without its hashes ("" before any).
        let heading: String
        /// The block's text, without fences or indentation, ending with a newline.
        let text: String
    }

    static let shellLanguages: Set<String> = ["", "sh", "bash", "shell"]

    let blocks: [Block]

    init(markdown: String) {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var blocks: [Block] = []
        var heading = ""
        var index = 0
        var previousBlank = true
        var inList = false
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingLeadingSpaces
            if let fence = Self.fence(line) {
                let language = trimmed.dropFirst(fence.count).trimmingLeadingSpaces.split(separator: " ").first.map(String.init) ?? ""
                let firstLine = index + 2  // 1-based, after the opening fence
                var body: [String] = []
                index += 1
                while index < lines.count, !lines[index].trimmingLeadingSpaces.hasPrefix(fence) {
                    body.append(lines[index])
                    index += 1
                }
                if Self.shellLanguages.contains(language.lowercased()) {
                    blocks.append(Block(line: firstLine, heading: heading, text: Self.joined(body)))
                }
                index += 1
                previousBlank = false
                continue
            }
            if Self.isIndentedCode(line), previousBlank, !inList {
                let start = index
                var body: [String] = []
                while index < lines.count, Self.isIndentedCode(lines[index]) || lines[index].allSatisfy(\.isWhitespace) {
                    body.append(lines[index].hasPrefix("\t") ? String(lines[index].dropFirst()) : String(lines[index].dropFirst(min(4, lines[index].count))))
                    index += 1
                }
                while let last = body.last, last.allSatisfy(\.isWhitespace) { body.removeLast() }
                blocks.append(Block(line: start + 1, heading: heading, text: Self.joined(body)))
                previousBlank = true
                continue
            }
            if line.hasPrefix("#") {
                heading = String(line.drop { $0 == "#" }).trimmingLeadingSpaces
            }
            let isBlank = line.allSatisfy(\.isWhitespace)
            if !isBlank {
                // A list item's continuation lines are indented too; they are not code.
                inList = Self.isListItem(trimmed) || (inList && line.hasPrefix(" "))
            }
            previousBlank = isBlank
            index += 1
        }
        self.blocks = blocks
    }

    /// The blocks from the first one under `heading` (a heading line's text, e.g. "A five-minute
    /// tour") to the end of the page; nil when the page has no such heading.
    func blocks(fromHeading heading: String) -> [Block]? {
        guard let first = blocks.firstIndex(where: { $0.heading == heading }) else { return nil }
        return Array(blocks[first...])
    }

    private static func fence(_ line: String) -> String? {
        let trimmed = line.trimmingLeadingSpaces
        guard line.count - trimmed.count < 4 else { return nil }
        for marker in ["```", "~~~"] where trimmed.hasPrefix(marker) { return marker }
        return nil
    }

    private static func isIndentedCode(_ line: String) -> Bool {
        (line.hasPrefix("    ") || line.hasPrefix("\t")) && !line.allSatisfy(\.isWhitespace)
    }

    private static func isListItem(_ text: String) -> Bool {
        text.hasPrefix("- ") || text.hasPrefix("* ") || text.hasPrefix("+ ")
            || text.prefix(while: \.isNumber).count > 0 && text.drop(while: \.isNumber).hasPrefix(". ")
    }

    private static func joined(_ lines: [String]) -> String {
        lines.map { $0 + "\n" }.joined()
    }
}

extension String {
    fileprivate var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}

extension Substring {
    fileprivate var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}
