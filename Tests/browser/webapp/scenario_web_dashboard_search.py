#!/usr/bin/env python3
"""Search and filters over 1,000 statements (issue 22, point 3): Alice and Bob create 1,000
statements through the API in their own browser sessions (the request the New statement page
sends, one after the other); the dashboard then finds them by title, by content text, by state
(cancelled), by creator (created by me, paged with "More"), by waiting for me and by creation
date, and every count is checked against the seeding plan. With Alice's dashboard open, Bob
approves one statement: the page reads that statement once and re-renders that row only (the
requests are counted from the page's resource timing, the other rows are the same nodes). The
wording: times in the reader's locale with the exact time as a tooltip, "Needs 1 more approval",
a single-signer policy as "Needs Carol's approval"; a used invitation and a wrong invitation link
said at once on the invitation page; an unknown path shows the web app's 404 page. Screenshots:
the filtered dashboard, and the same on a 390 x 844 phone screen.

Usage: scenario_web_dashboard_search.py --countersign BIN [--chromium PATH] [--chromedriver PATH]
       [--deadline S] [--screenshots DIR]   (see harness.py)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from harness import expect  # noqa: E402
from scenario_main import approve  # noqa: E402

TOTAL = 1000
PAGE = 50
LONG_WAIT_S = 60
ZEPHYR = {17, 345, 678}
QUILLFEATHER = {101, 202, 303, 404, 505}

# Creates the statements of arguments[0] (a list of bodies) one after the other, so that their
# order of creation (the list's order) is known; answers [created ids in order, first failure or null].
SEED_SCRIPT = """
const bodies = arguments[0];
const done = arguments[arguments.length - 1];
const ids = new Array(bodies.length);
let next = 0;
let failure = null;
async function worker() {
  while (next < bodies.length && !failure) {
    const index = next++;
    const response = await fetch('/api/statements', {
      method: 'POST', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', Accept: 'application/json'}, body: bodies[index],
    });
    const body = await response.json();
    if (response.status !== 201) { failure = [response.status, body]; return; }
    ids[index] = body.statement.id;
  }
}
worker().then(() => done([ids, failure])).catch((error) => done([[], String(error)]));
"""

CANCEL_SCRIPT = """
const ids = arguments[0];
const done = arguments[arguments.length - 1];
Promise.all(ids.map((id) => fetch(`/api/statements/${id}/cancel`, {
  method: 'POST', credentials: 'same-origin', headers: {Accept: 'application/json'},
}).then((response) => response.status))).then(done).catch((error) => done([String(error)]));
"""


class Plan:
    """What is seeded: statement i's creator, title, content and policy, and who cancels what."""

    def __init__(self, alice: harness.Member, bob: harness.Member, carol: harness.Member):
        self.alice, self.bob, self.carol = alice, bob, carol

    def creator(self, i: int) -> harness.Member:
        return self.bob if i % 4 == 3 else self.alice

    def carol_only(self, i: int) -> bool:
        return i % 4 == 3 or i % 5 == 0

    def title(self, i: int) -> str:
        return f"Zephyr supply contract {i:04d}" if i in ZEPHYR else f"Purchase order {i:04d}"

    def body(self, i: int) -> str:
        content = {"order": i, "vendor": "Acme Tools", "lines": [{"item": "bolts", "quantity": 40 + i % 7}]}
        if i in QUILLFEATHER:
            content["note"] = "Deliver to the Quillfeather warehouse"
        if self.carol_only(i):
            policy = {"threshold": 1, "signers": [{"member": self.carol.member_id, "weight": 1}]}
        else:
            policy = {"threshold": 2, "signers": [{"role": "board", "weight": 1}]}
        return json.dumps({"title": self.title(i), "content": content, "policy": policy})

    def cancelled(self, i: int) -> bool:
        return i % 50 == 1 and self.creator(i) is self.alice


def seed(member: harness.Member, plan: Plan, indices: list[int]) -> dict[int, str]:
    """Creates the statements `indices` as `member` (in chunks that fit the script timeout)."""
    ids: dict[int, str] = {}
    for start in range(0, len(indices), 250):
        chunk = indices[start:start + 250]
        created, failure = member.driver.execute_async_script(SEED_SCRIPT, [plan.body(i) for i in chunk])
        expect(failure is None, f"{member.name}: creating a statement failed: {failure}")
        ids.update(zip(chunk, created))
    return ids


def set_view(member: harness.Member, view: str) -> None:
    member.script("const node = document.getElementById('view'); node.value = arguments[0];"
                  " node.dispatchEvent(new Event('change'));", view)


def set_checkbox(member: harness.Member, selector: str, checked: bool) -> None:
    if member.find(selector).is_selected() != checked:
        member.click(selector)


def set_dates(member: harness.Member, start: str, end: str) -> None:
    """Sets the date fields (yyyy-mm-dd, or "" for none) as a person picking them would."""
    member.script("""
const [from, to] = [document.getElementById('created-from'), document.getElementById('created-to')];
from.value = arguments[0]; from.dispatchEvent(new Event('change'));
to.value = arguments[1]; to.dispatchEvent(new Event('change'));""", start, end)


def search(member: harness.Member, text: str) -> None:
    member.fill("#search", text)
    member.click("#search-button")


def all_rows(member: harness.Member, what: str) -> list[str]:
    """The ids of the whole result list once loaded, clicking "More" until it is gone."""
    def settled():
        state = member.script("const list = document.getElementById('results');"
                              " const more = document.getElementById('more');"
                              " return [list.getAttribute('aria-busy'), getComputedStyle(more).display === 'none', more.disabled];")
        return state if state[0] == "false" and not state[2] else None

    for _ in range(TOTAL // PAGE + 2):
        _, more_hidden, _ = member.wait(settled, f"the {what} list to load", timeout=LONG_WAIT_S)
        if more_hidden:
            break
        shown = len(member.find_all("#results > li"))
        member.click("#more")
        member.wait(lambda: len(member.find_all("#results > li")) > shown or not member.find("#more").is_displayed(),
                    f"the next page of the {what} list", timeout=LONG_WAIT_S)
    ids = member.script("return [...document.querySelectorAll('#results > li')].map((node) => node.dataset.statement)")
    expect(len(ids) == len(set(ids)), f"the {what} list shows a statement twice")
    return ids


def expect_rows(member: harness.Member, what: str, expected: list[str]) -> None:
    """Waits for the list to be the current search's, then checks it is exactly `expected`, in order."""
    shown = all_rows(member, what)
    expect(shown == expected, f"the {what} list shows {len(shown)} statements, expected {len(expected)}"
                              f" (missing {sorted(set(expected) - set(shown))[:5]}, extra {sorted(set(shown) - set(expected))[:5]})")
    count = member.text("#result-count")
    expect(str(len(expected)) in count or (not expected and "No statements" in count), f"the {what} count says {count!r}")


def wait_search(member: harness.Member) -> None:
    """Waits until the last search has answered (the list is not busy)."""
    member.wait(lambda: member.script("return document.getElementById('results').getAttribute('aria-busy') === 'false'"),
                "the search to answer", timeout=LONG_WAIT_S)


def scenario(run: harness.Run) -> None:
    server = run.start_server()
    alice, bob, carol = run.set_up_members(["Alice", "Bob", "Carol"], ["board"])
    plan = Plan(alice, bob, carol)

    for member in (alice, bob):
        member.open("/account")
        member.wait_for("#logout", timeout=LONG_WAIT_S)
    ids = seed(alice, plan, [i for i in range(TOTAL) if plan.creator(i) is alice])
    ids.update(seed(bob, plan, [i for i in range(TOTAL) if plan.creator(i) is bob]))
    expect(len(ids) == TOTAL, f"{len(ids)} statements were created")
    cancelled = [i for i in range(TOTAL) if plan.cancelled(i)]
    statuses = alice.driver.execute_async_script(CANCEL_SCRIPT, [ids[i] for i in cancelled])
    expect(all(status == 200 for status in statuses), f"cancelling answered {statuses}")

    # The list's order is the order of creation: Alice's statements, then Bob's, each in index order.
    order = [i for i in range(TOTAL) if plan.creator(i) is alice] + [i for i in range(TOTAL) if plan.creator(i) is bob]
    rank = {i: position for position, i in enumerate(order)}

    def newest_first(indices) -> list[str]:
        return [ids[i] for i in sorted(indices, key=lambda i: rank[i], reverse=True)]

    # Bob's dashboard: the first page of the open statements, 50 of them, with "More".
    bob.open("/")
    wait_search(bob)
    expect(len(bob.find_all("#results > li")) == PAGE, "the first page does not hold 50 statements")
    expect(bob.find("#more").is_displayed(), "no More button under the first page")

    # Search by title and by content text, in the default view (open statements).
    search(bob, "zephyr")
    expect_rows(bob, "title search", newest_first(ZEPHYR))
    search(bob, "QUILLFEATHER warehouse")
    expect_rows(bob, "content search", newest_first(i for i in QUILLFEATHER if not plan.cancelled(i)))
    expect("q=QUILLFEATHER" in bob.script("return location.search"), "the search is not kept in the page's address")

    # By state: the cancelled ones.
    search(bob, "")
    set_view(bob, "cancelled")
    expect_rows(bob, "cancelled", newest_first(cancelled))

    # Created by me (Bob), every state, paged with "More" (250: five pages).
    set_view(bob, "all")
    set_checkbox(bob, "#filter-mine", True)
    expect_rows(bob, "created by Bob", newest_first(i for i in range(TOTAL) if plan.creator(i) is bob))
    set_checkbox(bob, "#filter-mine", False)

    # Waiting for Bob: open, the board policy (his role), not voted; narrowed to orders 0000-0099.
    set_view(bob, "open")
    set_checkbox(bob, "#filter-waiting", True)
    search(bob, "Purchase order 00")
    waiting = [i for i in range(100) if i not in ZEPHYR and not plan.carol_only(i) and not plan.cancelled(i)]
    expect_rows(bob, "waiting for Bob", newest_first(waiting))
    bob.wait_text("#results", "Needs 2 more approvals")

    # By creation date: the seeding's local day(s) hold them all; the day after holds none.
    first_day, last_day, next_day = bob.script("""
const day = (date) => date.toLocaleDateString('en-CA');
const created = [...document.querySelectorAll('#results time')].map((node) => new Date(node.dateTime));
const last = new Date(Math.max(...created));
return [day(new Date(Math.min(...created))), day(last), day(new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1))];""")
    set_checkbox(bob, "#filter-waiting", False)
    search(bob, "zephyr")
    set_dates(bob, first_day, last_day)
    expect_rows(bob, "created on the seeding day", newest_first(ZEPHYR))
    set_dates(bob, next_day, "")
    expect_rows(bob, "created after the seeding day", [])
    # An end before the start is said next to the fields and never sent.
    set_dates(bob, next_day, first_day)
    bob.wait_for("#date-error")
    expect(bob.find("#created-to").get_attribute("aria-invalid") == "true", "the inverted range is not marked on the field")
    bob.wait_text("#result-count", "end date on or after the start date")
    expect(not bob.find_all("#results > li"), "the list still shows statements for an inverted range")
    set_dates(bob, "", last_day)
    expect_rows(bob, "created up to the seeding day", newest_first(ZEPHYR))
    bob.screenshot("dashboard-search")

    # Wording: local times with the exact time as tooltip, never ISO text; a single signer's phrase.
    page_text = bob.text("#main")
    expect(not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:", page_text), f"an ISO timestamp is shown on the dashboard: {page_text[:300]!r}")
    tooltip = bob.script("return document.querySelector('#results time').title")
    expect(tooltip and ":" in tooltip, f"a time has no exact tooltip: {tooltip!r}")
    search(bob, "Purchase order 0005")
    set_dates(bob, "", "")
    bob.wait_text("#results", "Needs Carol's approval")

    # The phone: the same dashboard on 390 x 844, no sideways scrolling.
    bob.driver.set_window_size(390, 844)
    search(bob, "zephyr")
    expect_rows(bob, "phone", newest_first(ZEPHYR))
    overflow = bob.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    expect(overflow <= 0, f"the dashboard is {overflow} px wider than a 390 px screen")
    bob.screenshot("dashboard-search-phone")

    # Live: Alice's dashboard shows orders 0000-0009; Bob approves one of them. Alice's page reads
    # that one statement (one request per event naming it, no list) and replaces its row only.
    alice.open("/?q=Purchase%20order%20000")
    wait_search(alice)
    alice.wait_text("#live-status", "Live", timeout=LONG_WAIT_S)
    target = 2
    alice.wait_text(f'#results li[data-statement="{ids[target]}"]', "Needs 2 more approvals")
    alice.script("""
performance.setResourceTimingBufferSize(10000);
performance.clearResourceTimings();
window.__countersignMarker = 'still here';
for (const node of document.querySelectorAll('#results > li')) node.__kept = true;""")
    approve(bob, ids[target])
    alice.wait_text(f'#results li[data-statement="{ids[target]}"]', "Approved by Bob", timeout=LONG_WAIT_S)
    alice.wait_text(f'#results li[data-statement="{ids[target]}"]', "Needs 1 more approval")
    requests = alice.script("return performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname)"
                            ".filter((path) => path.startsWith('/api/'))")
    expect(requests and all(path == f"/api/statements/{ids[target]}" for path in requests),
           f"the live update made other requests than the named statement's: {requests}")
    kept = alice.script("""
const rows = [...document.querySelectorAll('#results > li')];
return [rows.filter((node) => node.__kept).length, rows.length,
        rows.filter((node) => !node.__kept).map((node) => node.dataset.statement)];""")
    expect(kept[2] == [ids[target]], f"rows other than the approved one were replaced: {kept[2]}")
    expect(kept[0] == kept[1] - 1, f"{kept[1] - kept[0]} rows were re-rendered")
    expect(alice.script("return window.__countersignMarker") == "still here", "Alice's dashboard was reloaded")
    alice.screenshot("dashboard-live-row")

    # The statement page: a single signer's policy in words, the server's summary without
    # "approval weight", and no ISO time outside the signed content.
    bob.open(f"/statements/{ids[5]}")
    bob.wait_text("#policy-text", "Carol's approval")
    bob.wait_text("#explanation", "needs 1 more approval")
    bob.wait_text(".progress-block", "Needs Carol's approval")
    shown = bob.script("const main = document.getElementById('main').cloneNode(true);"
                       " main.querySelector('#content').remove(); return main.innerText;")
    expect(not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:", shown), f"an ISO timestamp is shown on the statement page: {shown[:400]!r}")
    expect("weight" not in shown.lower(), f"the statement page still speaks of weight: {shown[:400]!r}")

    # The invitation page says at once that a used invitation cannot be used again, and that a
    # wrong link is not valid, before any passkey prompt (the setup is not offered).
    carol.open("/")
    carol.wait_for("#logout")
    carol.driver.get(carol.invitation["link"])
    carol.wait_text("#banner", "already used")
    expect(not carol.find("#setup").is_displayed(), "the setup is still offered for a used invitation")
    carol.open("/")
    carol.wait_for("#logout")
    carol.driver.get(carol.invitation["link"][:-4] + "AAAA")
    carol.wait_text("#banner", "not valid")
    expect(not carol.find("#setup").is_displayed(), "the setup is still offered for a wrong invitation link")

    # An unknown page: the web app's 404 page, in its style, with the way back.
    carol.open("/no-such-page")
    carol.wait_text("#not-found", "Page not found")
    expect(carol.find('a[href="/"]') is not None, "the 404 page has no link to the dashboard")

    for member in (alice, bob):
        member.check_console()
    carol.check_console(allow=["status of 404"])


if __name__ == "__main__":
    sys.exit(harness.main(scenario, __doc__))
