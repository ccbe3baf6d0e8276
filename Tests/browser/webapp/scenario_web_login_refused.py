#!/usr/bin/env python3
"""A sign-in the server refuses (issue 22): the passkey answers, the assertion is valid, and the
server still says no, because of who the member now is.

1. Alice signs out; the admin suspends her (`countersign admin members suspend`). On the login
   page her passkey answers the page's autofill at once: exactly one banner, which gives the
   server's reason in words ("suspended"), never its code (member_suspended); she stays on the
   login page, the browser holds no session cookie and the server holds no session of hers. The
   button tries again: still one banner, the same reason.
2. Carol's removal is scheduled and runs (the server's dangerous-operation delay is 0). Her
   browser comes to the login page as after an ended session (?ended=1): the refusal replaces
   "your session has ended, sign in again" instead of being stacked under it, and says she was
   removed. No session.

Screenshot: the login page refusing the suspended member.

Usage: scenario_web_login_refused.py --countersign BIN [--chromium PATH] [--chromedriver PATH]
       [--deadline S] [--screenshots DIR]   (see harness.py)
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from harness import expect  # noqa: E402

LONG_WAIT_S = 60
VISIBLE_BANNERS = "return [...document.querySelectorAll('.banner')].filter((node) => !node.hidden).map((node) => node.innerText)"


def server_sessions(server: harness.Server, member_id: str) -> int:
    """How many sessions the server holds for the member (its SQLite database, read only)."""
    with contextlib.closing(sqlite3.connect(server.data_dir / "countersign.sqlite", timeout=10)) as db:
        return db.execute("SELECT count(*) FROM sessions WHERE member = ?", (member_id,)).fetchone()[0]


def expect_one_refusal(member: harness.Member, words: str, code: str) -> str:
    """The login page shows exactly one banner, with `words` and without `code`; no session."""
    member.wait_text("#banner", words, timeout=LONG_WAIT_S)
    banners = member.script(VISIBLE_BANNERS)
    expect(len(banners) == 1, f"{member.name}: the refused sign-in shows {len(banners)} banners: {banners}")
    text = banners[0]
    expect(code not in text, f"{member.name}: the banner shows the server's code: {text!r}")
    expect("refused" in text, f"{member.name}: the banner does not say the server refused: {text!r}")
    expect("session has ended" not in text, f"{member.name}: the refusal is stacked under another message: {text!r}")
    expect(member.path() == "/login", f"{member.name}: a refused sign-in left the login page for {member.path()}")
    expect(member.session_cookie() is None, f"{member.name}: a refused sign-in set a session cookie")
    expect(server_sessions(member.run.server, member.member_id) == 0, f"{member.name}: the server holds a session after the refusal")
    return text


def sign_out_without_signing_back_in(member: harness.Member) -> None:
    """Signs out; the passkey is held back meanwhile, or the login page's autofill would sign
    the member in again at once."""
    member.open("/")
    member.wait_for("#logout", timeout=LONG_WAIT_S)
    member.refuse_passkey()
    member.click("#logout")
    member.wait_path("/login")
    member.wait(lambda: member.session_cookie() is None, "the session cookie to be gone")
    member.driver.delete_all_cookies()


def scenario(run: harness.Run) -> None:
    server = run.start_server(["--dangerous-operation-delay", "0"])
    alice, carol = run.set_up_members(["Alice", "Carol"], ["board"])

    # 1. Suspended: the server refuses a valid assertion.
    sign_out_without_signing_back_in(alice)
    server.cli("admin", "members", "suspend", alice.member_id)
    alice.allow_passkey()
    alice.open("/login")
    first = expect_one_refusal(alice, "suspended", "member_suspended")
    alice.screenshot("login-refused-suspended")
    # Again with the button: the banner is replaced, not added to.
    alice.script("window.__oldBanner = document.getElementById('banner').firstChild;")
    alice.click("#login-button", timeout=LONG_WAIT_S)
    alice.wait(lambda: alice.script("const b = document.getElementById('banner');"
                                    " return !b.hidden && b.firstChild !== window.__oldBanner"
                                    " && !document.getElementById('login-button').disabled"),
               "the button's attempt to be answered", timeout=LONG_WAIT_S)
    second = expect_one_refusal(alice, "suspended", "member_suspended")
    expect(second == first, f"the button's refusal reads {second!r}, the autofill's {first!r}")

    # 2. Removed (the removal runs at once: no delay), arriving as after an ended session.
    sign_out_without_signing_back_in(carol)
    scheduled = json.loads(server.cli("admin", "members", "remove", carol.member_id, "--json").stdout)
    operation = scheduled.get("id")
    expect(isinstance(operation, str), f"scheduling the removal answered {scheduled}")

    def removal_done():
        shown = json.loads(server.cli("admin", "operations", "show", operation, "--json").stdout)
        return shown.get("state") == "done"
    carol.wait(removal_done, "the removal to run", timeout=LONG_WAIT_S)
    carol.allow_passkey()
    carol.open("/login?next=%2F&ended=1")
    expect_one_refusal(carol, "removed", "member_removed")

    alice.check_console(allow=[r"status of 403"])
    carol.check_console(allow=[r"status of 403"])


if __name__ == "__main__":
    sys.exit(harness.main(scenario, __doc__))
