import CountersignTestSupport
import Foundation
import Testing

// The web app in a real browser: Debian's chromium driven by selenium, one browser profile and
// one CDP virtual passkey per member, against the built `countersign serve`. The scenarios are
// Python scripts in Tests/browser/webapp (harness.py is their shared harness); each exits 0 when
// everything it checks held and prints the reason otherwise. Each is bounded twice: by its own
// --deadline (SIGALRM in the script) and by the process runner's timeout here, so a hung browser
// fails one test instead of hanging the suite. Without chromium, chromedriver or selenium the
// suite is skipped with the reason, except in CI (CI=true), where it runs and fails.

@Suite(
    "The web app in chromium with virtual passkeys",
    .serialized,
    .enabled(if: Browser.shouldRun, Comment(rawValue: Browser.unavailableReason ?? ""))
)
struct BrowserWebAppTests {
    @Test("three members set up from invitations; a 2-of-3 statement approved in two browsers is seen approved live by the third; the downloaded evidence verifies")
    func mainPath() async throws {
        try await Browser.expectScenarioPasses("scenario_main.py", deadline: 300)
    }

    @Test("a cancelled passkey prompt, a step-up without user verification and an ended session each give a clear message and store nothing")
    func refusals() async throws {
        try await Browser.expectScenarioPasses("scenario_negative.py", deadline: 300)
    }

    @Test("issue 18, hole 1: a member rejects in the browser; the veto policy rejects the statement, seen live on another member's page; the evidence verifies")
    func rejectionsFromTheWebApp() async throws {
        try await Browser.expectScenarioPasses("scenario_web_rejection.py", deadline: 300)
    }

    @Test("issue 18, hole 2: the new-statement form sends the content as typed; duplicates, inexact and overflowing numbers are refused next to the field; valid text is signed in its canonical form")
    func signedContentIsExactlyWhatWasTyped() async throws {
        try await Browser.expectScenarioPasses("scenario_content_as_typed.py", deadline: 300)
    }

    @Test("issue 18, hole 3: an anonymous visitor's pages log no console error")
    func anonymousVisitorLogsNoConsoleError() async throws {
        try await Browser.expectScenarioPasses("scenario_anonymous_console.py", deadline: 300)
    }

    @Test("issue 22: a rejection with a reason: the dialog shows the rejection/v2 JSON signed, another member's open page shows the reason live, the evidence carries it and countersign verify reports it")
    func rejectionWithAReason() async throws {
        try await Browser.expectScenarioPasses("scenario_web_rejection_reason.py", deadline: 300)
    }

    @Test("issue 22: names, not identifiers: a namesake warned of at invitation (CLI and admin page), told apart on the statement page; a passkey renamed on the account page")
    func namesNotIdentifiers() async throws {
        try await Browser.expectScenarioPasses("scenario_names.py", deadline: 300)
    }

    @Test("issue 22: a comment seen live by another member; a member the policy does not name is refused the thread")
    func commentSeenLive() async throws {
        try await Browser.expectScenarioPasses("scenario_web_comments.py", deadline: 300)
    }

    @Test("issue 22: an email-announced admin removal cancelled from the link in the mail: the address confirmed from its mail, the removal mailed at once, the link followed through the passkey login, the removal cancelled, the member still active")
    func emailAnnouncedRemovalCancelledFromTheMail() async throws {
        try await Browser.expectScenarioPasses("scenario_web_email_removal.py", deadline: 300)
    }

    @Test("issue 22: a statement created from a template and read in its readable form: fields fill the JSON, a change outside them is highlighted on review and for the reader, exact number digits, dates with their text, a direction override shown and not applied, a phone-sized page")
    func statementFromATemplateReadable() async throws {
        try await Browser.expectScenarioPasses("scenario_web_template.py", deadline: 300)
    }

    @Test("issue 22: the readable statement's rules in the browser: exact number digits, dates only when unambiguous with their text, invisible and direction-changing characters as markers in values and keys, line breaks, nesting; the exact JSON beside it")
    func readableStatementRules() async throws {
        try await Browser.expectScenarioPasses("scenario_readable_rules.py", deadline: 300)
    }

    @Test("issue 22: the dashboard's views by state with archived statements: open (the default), decided, cancelled and all leave out what the archive holds; archived shows exactly the statements decided longer ago than --archive-after")
    func archivedAndCancelledViews() async throws {
        try await Browser.expectScenarioPasses("scenario_web_dashboard_archive.py", deadline: 360)
    }

    @Test("issue 22: a sign-in the server refuses (suspended, removed member) with a valid passkey: one banner with the reason in words, not the code, not stacked under 'your session has ended'; no session")
    func signInRefusedByTheServer() async throws {
        try await Browser.expectScenarioPasses("scenario_web_login_refused.py", deadline: 300)
    }

    @Test("issue 22: search and filters over 1,000 statements: title, content, cancelled, created by me (paged), waiting for me, creation dates, exact counts; a live event re-reads and re-renders only the named row; a phone-sized screen")
    func searchAndFiltersOverAThousandStatements() async throws {
        try await Browser.expectScenarioPasses("scenario_web_dashboard_search.py", deadline: 420)
    }
}
