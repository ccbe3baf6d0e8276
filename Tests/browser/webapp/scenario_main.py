#!/usr/bin/env python3
"""The web app's main path: three members set up from their invitations (one browser profile
and one virtual passkey each); the creator drafts a 2-of-3 statement with the policy form; two
members approve in their own browsers; the third member's dashboard, open all along, shows the
statement approved without a reload (server-sent events); the evidence bundle downloaded from
the statement page verifies with `countersign verify` (exit 0). Screenshots of each page are
saved, and no page logs a console error.

Usage: scenario_main.py --countersign BIN [--chromium PATH] [--chromedriver PATH] [--deadline S]
       [--screenshots DIR]   (see harness.py)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from harness import expect  # noqa: E402

CONTENT = {"instrument": "Series A preferred", "amount": 2500000, "currency": "EUR", "valuation": {"pre": 10000000}}


def create_statement(creator: harness.Member, title: str, signers: list[harness.Member], threshold: int,
                     *, step_up: bool = False, screenshot: str | None = None) -> str:
    """Drafts a statement with the policy form (each signer weight 1, `threshold` of them);
    returns its id. The server's words for the policy must be shown before it is created."""
    creator.open("/statements/new")
    creator.fill("#title", title)
    creator.fill("#content", json.dumps(CONTENT))
    creator.click("#pretty")
    for signer in signers:
        creator.click(f'input[data-member="{signer.member_id}"]')
    creator.fill("#threshold", str(threshold))
    if step_up:
        creator.click("#step-up")
    words = "all of" if threshold == len(signers) else f"any {threshold} of"
    creator.wait_text("#policy-text", words)
    if step_up:
        creator.wait_text("#policy-text", "step-up")
    if screenshot:
        creator.script("document.getElementById('policy-text').scrollIntoView({block: 'center'})")
        creator.screenshot(screenshot)
    creator.click("#create")
    creator.wait(lambda: creator.path().startswith("/statements/st_"), "the new statement's page")
    creator.wait_for("#statement-title")
    return creator.path().rsplit("/", 1)[1]


def approve(member: harness.Member, statement_id: str, *, screenshot: str | None = None, keyboard: bool = False) -> None:
    """Approves on the statement page, with the mouse or (keyboard) with Tab and Enter only:
    the confirmation must take the focus, so that Enter confirms."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    member.open(f"/statements/{statement_id}")
    member.wait_for("#approve")
    if screenshot:
        member.screenshot(screenshot)
    if keyboard:
        for _ in range(40):
            if member.script("return document.activeElement && document.activeElement.id") == "approve":
                break
            ActionChains(member.driver).send_keys(Keys.TAB).perform()
        expect(member.script("return document.activeElement.id") == "approve", "Tab never reaches the Approve button")
        ActionChains(member.driver).send_keys(Keys.ENTER).perform()
    else:
        member.click("#approve")
    dialog = member.wait_text("dialog", "Approve this statement?")
    expect(view_digest(member) in dialog, f"the confirmation does not show the digest: {dialog!r}")
    if keyboard:
        member.wait(lambda: member.script("return document.activeElement.id") == "dialog-confirm", "the focus on Confirm")
        ActionChains(member.driver).send_keys(Keys.ENTER).perform()
    else:
        member.click("#dialog-confirm")
    member.wait_text("#banner", "approval is signed")


def view_digest(member: harness.Member) -> str:
    return member.text("#digest")


def scenario(run: harness.Run) -> None:
    server = run.start_server()
    alice = run.member("Alice", ["investor"])
    bob = run.member("Bob", ["investor"])
    carol = run.member("Carol", ["investor"])
    alice.accept_invitation(screenshot="invite")
    alice.screenshot("invite-done")
    bob.accept_invitation()
    carol.accept_invitation()

    title = "Series A term sheet"
    statement_id = create_statement(alice, title, [alice, bob, carol], 2, screenshot="new-statement")

    # Carol's dashboard stays open from here on; a marker on the window proves it never reloads.
    carol.open("/?waiting=true")
    carol.wait_text("#results", title)
    carol.wait_text("#results", "Needs 2 more approvals")
    carol.wait_text("#live-status", "Live")
    carol.script("window.__countersignMarker = 'still here';")
    carol.screenshot("dashboard")

    approve(bob, statement_id, screenshot="statement-review")
    carol.wait_text("#results", "Approved by Bob")
    carol.wait_text("#results", "Needs 1 more approval")
    approve(alice, statement_id, keyboard=True)
    alice.wait_text("#state", "Approved")

    # Approved, it no longer waits for Carol: it leaves her list, and the "Decided" view has it.
    carol.wait(lambda: title not in carol.text("#results"), "the approved statement to leave Carol's waiting list")
    carol.click("#filter-waiting")
    carol.script("const view = document.getElementById('view'); view.value = 'decided';"
                 " view.dispatchEvent(new Event('change'));")
    carol.wait_text("#results", title)
    expect(carol.script("return window.__countersignMarker") == "still here", "Carol's dashboard was reloaded")
    carol.screenshot("dashboard-approved")

    # The evidence, downloaded from the page, verifies offline.
    alice.screenshot("statement-approved")
    alice.click("#evidence")
    bundle = alice.wait_download(".json", timeout=30)
    alice.wait(lambda: not any(p.name.endswith(".crdownload") for p in alice.download_dir.iterdir()), "the download to finish")
    result = server.verify(str(bundle))
    expect(result.returncode == 0, f"countersign verify exited {result.returncode}:\n{result.stdout}{result.stderr}")
    evidence = json.loads(bundle.read_text())
    expect(evidence["status"]["state"] == "approved", f"the bundle's state is {evidence['status']['state']}")
    expect(len(evidence["approvals"]["signatures"]) == 2, "the bundle does not hold two approvals")

    # Only public keys were ever given to the server.
    for entry in evidence["keys"]:
        expect("d" not in entry["jwk"], f"the key {entry['jwk'].get('kid')} carries a private member")

    # Narrow screens: the statement page fits a phone's width without sideways scrolling.
    carol.driver.set_window_size(390, 900)
    carol.open(f"/statements/{statement_id}")
    carol.wait_text("#state", "Approved")
    overflow = carol.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    expect(overflow <= 0, f"the statement page is {overflow} px wider than a 390 px screen")
    carol.screenshot("statement-narrow")

    for member in (alice, bob, carol):
        member.check_console()


if __name__ == "__main__":
    sys.exit(harness.main(scenario, __doc__))
