#!/usr/bin/env python3
"""A comment seen live by another member (issue 22, point 4): Alice creates a statement whose
policy names Bob and Carol; Alice's statement page stays open and is never reloaded; Bob posts a
comment from his page's form; it appears on Alice's page through the event stream. Dave, a member
the policy does not name, is refused the thread (his page says so and shows no form; the API
answers 403).

Usage: scenario_web_comments.py --countersign BIN [--chromium PATH] [--chromedriver PATH]
       [--deadline S] [--screenshots DIR]   (see harness.py)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from harness import expect  # noqa: E402
from scenario_web_rejection import LONG_WAIT_S, create_with_veto  # noqa: E402

COMMENT = "Can we see the buyer's offer first?\nThanks"


def scenario(run: harness.Run) -> None:
    server = run.start_server()
    alice = run.member("Alice", ["board"])
    bob = run.member("Bob", ["board"])
    carol = run.member("Carol", ["board"])
    dave = run.member("Dave", ["staff"])
    for member in (alice, bob, carol, dave):
        member.accept_invitation()
    statement_id = create_with_veto(alice, "Sell the depot", [bob, carol])

    alice.open(f"/statements/{statement_id}")
    alice.wait_for("#comment-text", timeout=LONG_WAIT_S)
    alice.wait_text("#comments", "No comments yet", timeout=LONG_WAIT_S)
    alice.script("window.__countersignMarker = 'still here';")

    bob.open(f"/statements/{statement_id}")
    bob.wait_for("#comment-text", timeout=LONG_WAIT_S)
    bob.fill("#comment-text", COMMENT)
    bob.click("#comment-submit", timeout=LONG_WAIT_S)
    bob.wait(lambda: bob.script("const c = document.querySelector('#comments .comment-text'); return c && c.textContent") == COMMENT,
             "Bob's page showing his comment", timeout=LONG_WAIT_S)

    # Alice's page, open all along, shows it without a reload.
    alice.wait(lambda: alice.script("const c = document.querySelector('#comments .comment-text'); return c && c.textContent") == COMMENT,
               "Alice's open page showing Bob's comment live", timeout=LONG_WAIT_S)
    expect(alice.script("return window.__countersignMarker") == "still here", "Alice's statement page was reloaded")
    alice.screenshot("comment-live")

    # Dave is not named by the policy: refused, no form.
    dave.open(f"/statements/{statement_id}")
    dave.wait_for("#comments-refused", timeout=LONG_WAIT_S)
    dave.screenshot("comments-refused")
    expect(not dave.script("return !document.getElementById('comment-form').hidden"), "Dave sees the comment form")
    expect(COMMENT.split("\n")[0] not in dave.text("#main"), "Dave's page shows the comment")
    status, _ = server.get_json(f"/api/statements/{statement_id}/comments", cookie=dave.session_cookie())
    expect(status == 403, f"the thread answered Dave {status}")

    for member in (alice, bob, carol):
        member.check_console()
    # Dave's page does not even ask for the thread (the policy does not name him).
    dave.check_console()


if __name__ == "__main__":
    sys.exit(harness.main(scenario, __doc__))
