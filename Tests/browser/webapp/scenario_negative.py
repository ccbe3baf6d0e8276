#!/usr/bin/env python3
"""The web app's refusals, each with a clear message and no change on the server:

1. a member cancels the passkey prompt (the virtual authenticator refuses user verification,
   which the browser reports as NotAllowedError, exactly like a cancelled prompt): at login, and
   at a step-up approval;
2. the authenticator answers a step-up approval without user verification (UV flag cleared):
   the server refuses the approval and the page says why;
3. the member's session ends on the server while the statement page is open: approving sends
   them to the login page with "Your session has ended, sign in again", and no vote is stored.

Usage: scenario_negative.py --countersign BIN [...]   (see harness.py)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from harness import expect  # noqa: E402
from scenario_main import create_statement  # noqa: E402


def votes(server: harness.Server, observer: harness.Member, statement_id: str) -> list:
    status, view = server.get_json(f"/api/statements/{statement_id}", cookie=observer.session_cookie())
    expect(status == 200, f"reading the statement as {observer.name} answered {status}: {view}")
    return view["votes"]


def confirm_approval(member: harness.Member, statement_id: str) -> None:
    member.open(f"/statements/{statement_id}")
    member.click("#approve")
    member.wait_text("dialog", "Approve this statement?")
    member.click("#dialog-confirm")


def scenario(run: harness.Run) -> None:
    server = run.start_server()
    alice = run.member("Alice", ["investor"])
    bob = run.member("Bob", ["investor"])
    alice.accept_invitation()
    bob.accept_invitation()
    step_up_id = create_statement(alice, "Wire transfer, step-up", [alice, bob], 2, step_up=True)
    plain_id = create_statement(alice, "Board seat", [alice, bob], 2)

    # 1a. Login cancelled: still signed out, still on the login page, told why. Chrome's virtual
    # authenticator answers the page's autofill request (conditional mediation) at once, so the
    # prompt is refused before the login page opens: autofill and the button both fail.
    bob.open("/")
    bob.wait_for("#logout")
    bob.set_user_verified(False)
    bob.click("#logout")
    bob.wait_path("/login")
    bob.click("#login-button")
    bob.wait_text("#banner", "cancelled")
    expect(bob.path() == "/login", f"a cancelled login left the login page for {bob.path()}")
    expect(bob.session_cookie() is None, "a cancelled login set a session cookie")
    bob.set_user_verified(True)
    bob.sign_in()
    bob.open("/login")
    bob.wait_for("#login-button")
    bob.screenshot("login")
    bob.open("/")

    # 1b. Step-up approval cancelled: no vote.
    bob.set_user_verified(False)
    confirm_approval(bob, step_up_id)
    bob.wait_text("#banner", "cancelled")
    expect(votes(server, alice, step_up_id) == [], "a cancelled step-up approval was stored")
    bob.set_user_verified(True)

    # 2. Step-up without user verification: the server refuses it, the page says so.
    bob.set_response_override(bad_uv=True)
    confirm_approval(bob, step_up_id)
    message = bob.wait_text("#banner", "verif")
    expect("step" in message.lower() or "passkey" in message.lower(), f"unclear refusal: {message!r}")
    expect(votes(server, alice, step_up_id) == [], "a step-up approval without UV was stored")
    bob.set_response_override()

    # 3. The session ends while the page is open: sign in again, nothing stored. (The passkey
    # refuses for a moment, or the login page's autofill would sign Bob in before the message
    # could be read.)
    bob.open(f"/statements/{plain_id}")
    bob.wait_for("#approve")
    expect(server.delete_sessions(bob.member_id) >= 1, "Bob had no session to end")
    bob.set_user_verified(False)
    bob.click("#approve")
    bob.wait_text("dialog", "Approve this statement?")
    bob.click("#dialog-confirm")
    bob.wait(lambda: bob.path() == "/login" and "ended=1" in bob.driver.current_url, "the login page, told the session ended")
    bob.wait_text("#banner", "Your session has ended, sign in again")
    bob.screenshot("session-ended")
    expect(votes(server, alice, plain_id) == [], "a vote was stored without a session")
    # Signing in again returns to the statement.
    bob.set_user_verified(True)
    bob.click("#login-button")
    bob.wait_path(f"/statements/{plain_id}")

    alice.check_console()
    bob.check_console(allow=[r"status of 401", r"status of 422"])


if __name__ == "__main__":
    sys.exit(harness.main(scenario, __doc__))
