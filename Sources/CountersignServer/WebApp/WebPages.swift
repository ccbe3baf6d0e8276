/// The web app's page paths and the HTML file each is served from. A multi-page app: each page
/// is one HTML file that loads its own module from /assets/js/.
enum WebPages {
    /// Paths served by one fixed file.
    static let fixed: [String: String] = [
        "/": "index.html",
        "/login": "login.html",
        "/invite": "invite.html",
        "/statements/new": "new.html",
        "/account": "account.html",
        "/admin": "admin.html",
    ]

    /// /statements/{id}: the page reads the id from location.pathname.
    static let statementPage = "statement.html"

    /// The page file for `path`, or nil when `path` is not a page.
    static func page(forPath path: String) -> String? {
        if let page = fixed[path] { return page }
        let prefix = "/statements/"
        guard path.hasPrefix(prefix) else { return nil }
        let id = path.dropFirst(prefix.count)
        guard id.hasPrefix("st_"), (4...120).contains(id.utf8.count), id.utf8.allSatisfy(isIdentifierByte) else { return nil }
        return statementPage
    }

    /// Letters, digits, "-" and "_": the characters of a statement id.
    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
    }
}
