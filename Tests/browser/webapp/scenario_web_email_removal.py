#!/usr/bin/env python3
"""An email-announced admin removal cancelled from the link in the mail (issue 22, point 1).

1. The server sends mail through a real SMTP server on loopback (aiosmtpd, Tests/mail/smtp_sink.py).
2. Erin sets her address on /account; the confirmation mail arrives; she opens its link in her
   browser and the page says the address is confirmed.
3. The admin announces Erin's removal (`countersign admin members remove`, delay 1 h). The mail
   reaches the SMTP server at once: it says what will happen, when, and links to her account page.
4. Erin's session has ended meanwhile. Her browser follows the link from the mail: the login page,
   her passkey, back to /account with the operation marked; she cancels it with her passkey.
5. The operation is cancelled (API) and Erin is still active; the mail's link alone changed nothing
   (it was opened by a browser without a session first, and the operation stayed pending).
6. The admin page's invite form, given an address, mails the invitation with its link.

Run by Tests/CountersignBrowserTests/BrowserWebAppTests.swift; see harness.py for the arguments.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "mail"))
import harness  # noqa: E402
from harness import expect  # noqa: E402
from smtp_sink import Mailbox  # noqa: E402

ADDRESS = "erin@example.org"
LINK = re.compile(r"http://localhost:\d+/account#[A-Za-z0-9=_-]+")


def link_in(message: dict, kind: str) -> str:
    for link in LINK.findall(message["body"]):
        if f"#{kind}=" in link:
            return link
    raise harness.ScenarioFailure(f"no {kind} link in the mail: {message['body']!r}")


def scenario(run: harness.Run) -> None:
    mailbox = Mailbox().start()
    try:
        run_with(run, mailbox)
    finally:
        mailbox.stop()


def run_with(run: harness.Run, mailbox: Mailbox) -> None:
    server = run.start_server(["--dangerous-operation-delay", "1h", "--smtp-url", f"smtp://127.0.0.1:{mailbox.port}",
                               "--mail-from", "countersign@example.org"])
    erin = run.member("Erin", ["partner"])
    erin.accept_invitation()

    # Her address, confirmed from the mail.
    erin.open("/account")
    erin.wait_for("#email-form")
    erin.fill("#email-address", ADDRESS)
    erin.click("#email-save")
    erin.wait_text("#banner", "confirmation link")
    confirmation = mailbox.wait_for(lambda m: m["rcptTos"] == [ADDRESS] and "confirm" in m["subject"], "confirming the address")
    erin.driver.get(link_in(confirmation, "confirm-email"))
    erin.wait_text("#banner", "is confirmed", timeout=30)
    erin.wait(lambda: erin.find("#email-status[data-state='confirmed']") is not None, "the address shown confirmed")
    expect("confirm-email" not in erin.driver.current_url, "the confirmation token stayed in the address bar")

    # The admin announces her removal; the mail arrives without her opening the app.
    removal = json.loads(server.cli("admin", "members", "remove", erin.member_id, "--json").stdout)
    operation_id = removal["operation"]["id"] if "operation" in removal else removal["id"]
    announced = mailbox.wait_for(lambda m: m["rcptTos"] == [ADDRESS] and "announced" in m["subject"], "announcing the removal")
    expect(announced["subject"] == "Countersign: a change to your account was announced", f"subject {announced['subject']!r}")
    expect("Remove you from Countersign" in announced["body"], f"the mail does not say what happens: {announced['body']!r}")
    expect(re.search(r"in (59 minutes|1 hour)", announced["body"]) is not None, f"no time left in the mail: {announced['body']!r}")
    expect(operation_id in announced["body"], "the mail does not name the operation")
    link = link_in(announced, "operation")
    expect(link.endswith(f"#operation={operation_id}"), f"the link {link!r} is not the operation's")

    # The link alone is not a capability: fetched without a session it changes nothing.
    with urllib.request.urlopen(link.replace("localhost", "127.0.0.1").split("#")[0], timeout=10) as response:
        expect(response.status == 200, f"GET the linked page: {response.status}")

    # Her session has ended meanwhile: the link goes through the login with her passkey.
    ended_cookie = erin.session_cookie()
    expect(server.delete_sessions(erin.member_id) >= 1, "Erin had no session to end")
    # Opened from a mail program: a fresh load of the page, not a fragment change in an open tab.
    erin.driver.get("about:blank")
    erin.driver.get(link)
    # The login page signs her in by passkey autofill where the browser offers it (the virtual
    # authenticator answers at once), else with the button; either way it returns to the link.
    state = lambda: erin.script("return [location.pathname, document.documentElement.dataset.autofill || null]")
    path, autofill = erin.wait(
        lambda: (lambda s: s if (s[0] == "/login" and s[1]) or erin.find("#operations li.linked") is not None else None)(state()),
        "the login page or the account page", timeout=40)
    if path == "/login" and autofill != "on":
        erin.click("#login-button")
    erin.wait(lambda: erin.path() == "/account", "back on the account page", timeout=40)
    expect(erin.driver.current_url.endswith(f"#operation={operation_id}"), f"the link's target was lost: {erin.driver.current_url}")
    expect(erin.session_cookie() not in (None, ended_cookie), "the link did not go through a new passkey login")
    item = erin.wait_for(f"#operations li.linked[data-operation='{operation_id}']", timeout=30)
    expect("Remove you" in item.text, f"the linked operation reads {item.text!r}")
    erin.screenshot("email-removal-link")
    erin.click(f"#operations li[data-operation='{operation_id}'] .cancel-operation")
    erin.click("#dialog-confirm")
    erin.wait_text("#banner", "cancelled", timeout=40)
    erin.screenshot("email-removal-cancelled")

    shown = json.loads(server.cli("admin", "operations", "show", operation_id, "--json").stdout)
    expect(shown["state"] == "cancelled" and shown.get("cancelledBy") == erin.member_id, f"the operation is {shown}")
    member = json.loads(server.cli("admin", "members", "show", erin.member_id, "--json").stdout)
    expect(member["status"] == "active", f"Erin is {member['status']}")
    erin.check_console(allow=[r"status of 401"])

    # The admin page's invite form mails an invitation when given an address.
    admin = run.member("Admin", invite=False)
    admin.open("/admin")
    admin.fill("#admin-key", server.admin_key_file.read_text().strip())
    admin.click("#use-admin-key")
    admin.wait_for("#invite-form")
    admin.fill("#invite-name", "Frank")
    admin.fill("#invite-roles", "partner")
    admin.fill("#invite-email", "frank@example.org")
    admin.click("#invite-form button[type='submit']")
    admin.wait_text("#invite-result", "on its way to frank@example.org", timeout=30)
    link = admin.wait_for("#invite-link").get_attribute("value")
    invited = mailbox.wait_for(lambda m: m["rcptTos"] == ["frank@example.org"], "inviting Frank")
    expect(invited["subject"] == "Countersign: you are invited" and link in invited["body"], f"the invitation mail: {invited['body']!r}")
    admin.check_console()


if __name__ == "__main__":
    sys.exit(harness.main(scenario, __doc__))
