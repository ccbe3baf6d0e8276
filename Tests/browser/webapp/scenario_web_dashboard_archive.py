#!/usr/bin/env python3
"""The dashboard's views by state, with archived statements (issue 22): the server counts a
statement as archived once it was decided longer ago than --archive-after (90 s here: the
fresh statements are decided and all views checked well within it, even on a busy machine).

Alice creates statements that Bob decides: an approved, a rejected (a veto policy) and a
cancelled one (withdrawn by Alice) that are left to age past the archive age, then, once the
server lists them as archived, a fresh pending, approved, rejected and cancelled one. Alice's
dashboard then shows, each checked against exactly the expected statements and count:

* Open (the default, the address without ?view): the pending one only;
* Decided: the fresh approved and rejected ones, not the archived ones;
* Cancelled: the fresh cancelled one, not the archived cancelled one;
* Archived: the three old ones, whatever their state, and nothing fresh;
* All: all seven.

The page's heading names the view, and the view is kept in the page's address. Screenshots: the
cancelled and the archived views.

Usage: scenario_web_dashboard_archive.py --countersign BIN [--chromium PATH] [--chromedriver PATH]
       [--deadline S] [--screenshots DIR]   (see harness.py)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from harness import expect  # noqa: E402
from scenario_main import approve  # noqa: E402
from scenario_web_dashboard_search import CANCEL_SCRIPT, all_rows, set_view, wait_search  # noqa: E402
from scenario_web_rejection import CREATE_SCRIPT  # noqa: E402

ARCHIVE_AFTER_S = 90
LONG_WAIT_S = 90


def create(creator: harness.Member, title: str, policy: dict) -> str:
    """A statement created in the creator's browser session (the request the form sends)."""
    body = json.dumps({"title": title, "content": {"title": title}, "policy": policy})
    status, view = creator.driver.execute_async_script(CREATE_SCRIPT, body)
    expect(status == 201, f"creating {title!r} answered {status}: {view}")
    return view["statement"]["id"]


def reject(member: harness.Member, statement_id: str) -> None:
    member.open(f"/statements/{statement_id}")
    member.click("#reject", timeout=LONG_WAIT_S)
    member.wait_text("dialog", "Reject this statement?", timeout=LONG_WAIT_S)
    member.click("#dialog-confirm", timeout=LONG_WAIT_S)
    member.wait_text("#banner", "rejection is signed", timeout=LONG_WAIT_S)


def cancel(creator: harness.Member, statement_id: str) -> None:
    statuses = creator.driver.execute_async_script(CANCEL_SCRIPT, [statement_id])
    expect(statuses == [200], f"cancelling {statement_id} answered {statuses}")


def decide_set(alice: harness.Member, bob: harness.Member, label: str) -> dict[str, str]:
    """An approved, a rejected and a cancelled statement (Alice creates, Bob decides): ids by state."""
    only_bob = {"threshold": 1, "rejectThreshold": 1, "signers": [{"member": bob.member_id, "weight": 1}]}
    alice.open("/")
    alice.wait_for("#logout", timeout=LONG_WAIT_S)
    ids = {state: create(alice, f"{label} {state}", only_bob) for state in ("approved", "rejected", "cancelled")}
    approve(bob, ids["approved"])
    reject(bob, ids["rejected"])
    cancel(alice, ids["cancelled"])
    return ids


def state_of(server: harness.Server, member: harness.Member, statement_id: str) -> str:
    status, view = server.get_json(f"/api/statements/{statement_id}", cookie=member.session_cookie())
    expect(status == 200, f"reading {statement_id} answered {status}: {view}")
    return view["state"]


def listed(server: harness.Server, member: harness.Member, query: str) -> set[str]:
    status, page = server.get_json(f"/api/statements?{query}&limit=100", cookie=member.session_cookie())
    expect(status == 200, f"listing ?{query} answered {status}: {page}")
    return {entry["statement"]["id"] if "statement" in entry else entry["id"] for entry in page["statements"]}


def expect_view(member: harness.Member, view: str, heading: str, expected: set[str], what: str, since: float) -> None:
    """Switches the dashboard to `view` as a person does and checks it shows exactly `expected`.
    `since`: when the fresh statements began to be decided (said in a failure: a fresh statement
    older than the archive age has rightly moved to the archive)."""
    set_view(member, view)
    wait_search(member)
    shown = all_rows(member, what)
    expect(set(shown) == expected and len(shown) == len(expected),
           f"the {what} view shows {sorted(shown)}, expected {sorted(expected)}"
           f" (missing {sorted(expected - set(shown))}, extra {sorted(set(shown) - expected)};"
           f" the fresh statements are up to {time.monotonic() - since:.0f} s old, the archive age is {ARCHIVE_AFTER_S} s)")
    count = member.text("#result-count")
    expect(str(len(expected)) in count, f"the {what} count says {count!r} for {len(expected)} statements")
    expect(member.text("#results-heading") == heading, f"the {what} view is headed {member.text('#results-heading')!r}")
    expect(member.find("#view").get_attribute("value") == view, f"the view selector does not show {view}")
    if view != "open":
        expect(f"view={view}" in member.script("return location.search"), f"the {what} view is not kept in the address")


def scenario(run: harness.Run) -> None:
    server = run.start_server(["--archive-after", f"{ARCHIVE_AFTER_S}s"])
    alice, bob = run.set_up_members(["Alice", "Bob"], ["board"])

    old = decide_set(alice, bob, "Old")
    for state, statement_id in old.items():
        expect(state_of(server, alice, statement_id) == state, f"the old {state} statement is {state_of(server, alice, statement_id)}")
    # The server decides when they are archived: waited for, read from the list API.
    alice.wait(lambda: listed(server, alice, "archived=true") == set(old.values()),
               "the old statements to be archived", timeout=ARCHIVE_AFTER_S + LONG_WAIT_S)

    fresh_start = time.monotonic()
    fresh = decide_set(alice, bob, "Fresh")
    pending = create(alice, "Fresh pending", {"threshold": 1, "signers": [{"member": bob.member_id, "weight": 1}]})
    for state, statement_id in [*fresh.items(), ("pending", pending)]:
        expect(state_of(server, alice, statement_id) == state, f"the fresh {state} statement is {state_of(server, alice, statement_id)}")

    alice.open("/")
    wait_search(alice)
    expect(alice.script("return location.search") == "", "the default view is not the plain address")
    default = all_rows(alice, "default")
    expect(default == [pending], f"the default view shows {default}, expected only the pending {pending}")
    expect(alice.text("#results-heading") == "Open statements", f"the default view is headed {alice.text('#results-heading')!r}")
    expect_view(alice, "open", "Open statements", {pending}, "default (open)", fresh_start)
    expect_view(alice, "decided", "Decided statements", {fresh["approved"], fresh["rejected"]}, "decided", fresh_start)
    expect_view(alice, "cancelled", "Cancelled statements", {fresh["cancelled"]}, "cancelled", fresh_start)
    alice.screenshot("dashboard-cancelled")
    expect_view(alice, "archived", "Archived statements", set(old.values()), "archived", fresh_start)
    alice.screenshot("dashboard-archived")
    expect_view(alice, "all", "All statements", {*old.values(), *fresh.values(), pending}, "all", fresh_start)
    # Opening the address of a view shows that view.
    alice.open("/?view=archived")
    wait_search(alice)
    expect(set(all_rows(alice, "archived, from the address")) == set(old.values()), "the archived view's address shows other statements")
    alice.check_console()
    bob.check_console()


if __name__ == "__main__":
    sys.exit(harness.main(scenario, __doc__))
