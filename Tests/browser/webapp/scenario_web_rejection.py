#!/usr/bin/env python3
"""Rejecting from the web app (issue 18, hole 1): three passkey members; a statement whose policy
has a veto (`rejectThreshold` 1); member B rejects in the browser; member A's statement page, open
all along and never reloaded, turns "rejected" live (server-sent events); the evidence bundle
downloaded from A's page verifies with `countersign verify --server-key` (every signature and key
verified, the policy state "rejected"; the command exits 1 because the statement is not approved).

Before the fix the page signed the rejection with the approval "typ" and the server refused it
(vote_wrong_type), so no browser member could reject or veto.

Usage: scenario_web_rejection.py --countersign BIN [--chromium PATH] [--chromedriver PATH]
       [--deadline S] [--screenshots DIR]   (see harness.py)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from harness import expect  # noqa: E402

# The machine running the suite is busy: every wait is bounded generously.
LONG_WAIT_S = 90

CREATE_SCRIPT = """
const done = arguments[arguments.length - 1];
fetch('/api/statements', {
  method: 'POST', credentials: 'same-origin',
  headers: {'Content-Type': 'application/json', Accept: 'application/json'}, body: arguments[0],
}).then((response) => response.json().then((body) => done([response.status, body])))
  .catch((error) => done([0, String(error)]));
"""


def create_with_veto(creator: harness.Member, title: str, signers: list[harness.Member]) -> str:
    """Creates, as `creator` in its browser session, a 2-of-3 statement any single rejection
    rejects. The policy form has no veto field, so the page's own API is called directly."""
    creator.open("/")
    creator.wait_for("#logout", timeout=LONG_WAIT_S)
    policy = {"threshold": 2, "rejectThreshold": 1,
              "signers": [{"member": signer.member_id, "weight": 1} for signer in signers]}
    body = json.dumps({"title": title, "content": {"action": "sell the office"}, "policy": policy})
    status, view = creator.driver.execute_async_script(CREATE_SCRIPT, body)
    expect(status == 201, f"creating the statement answered {status}: {view}")
    return view["statement"]["id"]


def scenario(run: harness.Run) -> None:
    server = run.start_server()
    alice, bob, carol = run.set_up_members(["Alice", "Bob", "Carol"], ["board"])

    title = "Sell the office"
    statement_id = create_with_veto(alice, title, [alice, bob, carol])

    # Alice's statement page stays open from here on; a marker proves it never reloads.
    alice.open(f"/statements/{statement_id}")
    alice.wait(lambda: alice.script("const s = document.getElementById('state'); return s && s.dataset.state") == "pending",
               "Alice's page showing the statement pending", timeout=LONG_WAIT_S)
    alice.script("window.__countersignMarker = 'still here';")

    # Bob rejects in his browser: the page must sign a rejection the server accepts.
    bob.open(f"/statements/{statement_id}")
    bob.click("#reject", timeout=LONG_WAIT_S)
    bob.wait_text("dialog", "Reject this statement?", timeout=LONG_WAIT_S)
    bob.click("#dialog-confirm", timeout=LONG_WAIT_S)
    bob.wait_text("#banner", "rejection is signed", timeout=LONG_WAIT_S)

    # Alice sees it rejected live.
    alice.wait(lambda: alice.script("return document.getElementById('state').dataset.state") == "rejected",
               "Alice's open statement page turning rejected", timeout=LONG_WAIT_S)
    expect(alice.script("return window.__countersignMarker") == "still here", "Alice's statement page was reloaded")
    alice.screenshot("statement-rejected")

    # The evidence, downloaded from Alice's page, verifies against the server's pinned key.
    status, server_key = server.get_json("/.well-known/countersign-server-key.json")
    expect(status == 200, f"the server key answered {status}")
    key_file = run.scratch / "server-key.json"
    key_file.write_text(json.dumps(server_key))
    alice.click("#evidence", timeout=LONG_WAIT_S)
    bundle = alice.wait_download(".json", timeout=LONG_WAIT_S)
    alice.wait(lambda: not any(p.name.endswith(".crdownload") for p in alice.download_dir.iterdir()),
               "the download to finish", timeout=LONG_WAIT_S)
    result = server.cli("verify", "--json", "--server-key", str(key_file), str(bundle), check=False)
    # verify exits 0 only for an approved statement; a verified rejected one exits 1.
    expect(result.returncode in (0, 1), f"countersign verify exited {result.returncode}:\n{result.stdout}{result.stderr}")
    report = json.loads(result.stdout)
    expect(report["verified"] is True, f"the bundle does not verify: {result.stdout}")
    expect(report["policy"]["state"] == "rejected", f"the verified state is {report['policy']['state']}")
    rejections = [entry for entry in report["signatures"] if entry["kind"] == "reject"]
    expect(len(rejections) == 1 and rejections[0]["verified"] and rejections[0]["member"] == bob.member_id,
           f"the bundle does not hold Bob's verified rejection: {report['signatures']}")
    evidence = json.loads(bundle.read_text())
    expect(evidence["status"]["state"] == "rejected", f"the bundle's state is {evidence['status']['state']}")

    for member in (alice, bob, carol):
        member.check_console()


if __name__ == "__main__":
    sys.exit(harness.main(scenario, __doc__))
