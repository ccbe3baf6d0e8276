#!/usr/bin/env python3
"""A rejection with a reason (issue 22, point 4): three passkey members, a veto policy; Bob types
a two-line, non-ASCII reason in the reject dialog, which shows the exact rejection/v2 JSON he
signs; the server keeps the reason exactly as typed; Alice's statement page, never reloaded, shows
it live as "signed with the rejection"; before that, Carol approves and withdraws with a reason,
which Alice's page shows live as "not signed"; the evidence bundle downloaded from her page carries the
rejection/v2 signature ("rejectionsWithReason"), and `countersign verify` verifies it and reports
the reason.

Usage: scenario_web_rejection_reason.py --countersign BIN [--chromium PATH] [--chromedriver PATH]
       [--deadline S] [--screenshots DIR]   (see harness.py)
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from harness import expect  # noqa: E402
from scenario_web_rejection import LONG_WAIT_S, create_with_veto  # noqa: E402

# Typed as is: two lines, accents and guillemets, trailing space kept (no trimming).
REASON = "Prix trop élevé \nvoir l'annexe « B »"


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def scenario(run: harness.Run) -> None:
    server = run.start_server()
    alice, bob, carol = run.set_up_members(["Alice", "Bob", "Carol"], ["board"])
    statement_id = create_with_veto(alice, "Sell the warehouse", [alice, bob, carol])

    alice.open(f"/statements/{statement_id}")
    alice.wait(lambda: alice.script("const s = document.getElementById('state'); return s && s.dataset.state") == "pending",
               "Alice's page showing the statement pending", timeout=LONG_WAIT_S)
    alice.script("window.__countersignMarker = 'still here';")

    # Carol approves, then withdraws with a reason: recorded by the server, shown as not signed.
    carol.open(f"/statements/{statement_id}")
    carol.click("#approve", timeout=LONG_WAIT_S)
    carol.wait_text("dialog", "Approve this statement?", timeout=LONG_WAIT_S)
    carol.click("#dialog-confirm", timeout=LONG_WAIT_S)
    carol.wait_text("#banner", "approval is signed", timeout=LONG_WAIT_S)
    carol.click("#withdraw", timeout=LONG_WAIT_S)
    carol.wait_text("dialog", "not signed", timeout=LONG_WAIT_S)
    carol.fill("#withdraw-reason", "Wrong statement")
    carol.click("#dialog-confirm", timeout=LONG_WAIT_S)
    carol.wait_text("#banner", "withdrawn", timeout=LONG_WAIT_S)
    alice.wait(lambda: alice.script(
        "const r = document.querySelector('#withdrawals .withdrawal-reason'); return r && r.textContent") == "Reason (not signed): Wrong statement",
        "Alice's page showing Carol's withdrawal reason as not signed", timeout=LONG_WAIT_S)

    bob.open(f"/statements/{statement_id}")
    bob.click("#reject", timeout=LONG_WAIT_S)
    bob.wait_text("dialog", "Reject this statement?", timeout=LONG_WAIT_S)
    bob.wait_text("#reject-signed", "rejection/v1", timeout=LONG_WAIT_S)
    bob.fill("#reject-reason", REASON)
    # The dialog shows the exact document signed: rejection/v2 with the reason as typed.
    shown = bob.wait_text("#reject-signed", "rejection/v2", timeout=LONG_WAIT_S)
    expect(json.loads(shown)["reason"] == REASON, f"the dialog shows another reason than the one typed: {shown!r}")
    bob.screenshot("reject-dialog-with-reason")
    bob.click("#dialog-confirm", timeout=LONG_WAIT_S)
    bob.wait_text("#banner", "rejection is signed", timeout=LONG_WAIT_S)

    # Alice sees the rejection and its reason live, marked as signed.
    alice.wait(lambda: alice.script("return document.getElementById('state').dataset.state") == "rejected",
               "Alice's open statement page turning rejected", timeout=LONG_WAIT_S)
    alice.wait(lambda: alice.script(
        "const r = document.querySelector('#votes .vote-reason .reason-text'); return r && r.textContent") == REASON,
        "Alice's page showing Bob's reason as typed", timeout=LONG_WAIT_S)
    expect("signed" in alice.text("#votes .vote-reason"), "the reason is not marked as signed")
    expect(alice.script("return window.__countersignMarker") == "still here", "Alice's statement page was reloaded")
    alice.screenshot("rejection-with-reason")

    # The evidence carries the rejection/v2 signature; countersign verify verifies and shows it.
    status, server_key = server.get_json("/.well-known/countersign-server-key.json")
    expect(status == 200, f"the server key answered {status}")
    key_file = run.scratch / "server-key.json"
    key_file.write_text(json.dumps(server_key))
    alice.click("#evidence", timeout=LONG_WAIT_S)
    bundle = alice.wait_download(".json", timeout=LONG_WAIT_S)
    alice.wait(lambda: not any(p.name.endswith(".crdownload") for p in alice.download_dir.iterdir()),
               "the download to finish", timeout=LONG_WAIT_S)
    evidence = json.loads(bundle.read_text())
    expect(evidence["rejections"] is None, f"a reasoned rejection sits in the v1 envelope: {evidence['rejections']}")
    reasoned = evidence.get("rejectionsWithReason") or []
    expect(len(reasoned) == 1, f"the bundle has {len(reasoned)} rejections with a reason")
    payload = json.loads(b64url_decode(reasoned[0]["payload"]))
    expect(sorted(payload) == ["countersign", "digest", "reason", "statement"] and payload["countersign"] == "rejection/v2"
           and payload["statement"] == statement_id and payload["reason"] == REASON, f"the signed payload is {payload}")
    result = server.cli("verify", "--json", "--server-key", str(key_file), str(bundle), check=False)
    expect(result.returncode in (0, 1), f"countersign verify exited {result.returncode}:\n{result.stdout}{result.stderr}")
    report = json.loads(result.stdout)
    expect(report["verified"] is True, f"the bundle does not verify: {result.stdout}")
    expect(report["policy"]["state"] == "rejected", f"the verified state is {report['policy']['state']}")
    rejections = [entry for entry in report["signatures"] if entry["kind"] == "reject"]
    expect(len(rejections) == 1 and rejections[0]["verified"] and rejections[0]["reason"] == REASON,
           f"verify does not report Bob's verified reason: {report['signatures']}")
    text = server.cli("verify", "--server-key", str(key_file), str(bundle), check=False)
    expect("reason (signed" in text.stdout, f"verify's text does not show the reason:\n{text.stdout}")

    for member in (alice, bob, carol):
        member.check_console()


if __name__ == "__main__":
    sys.exit(harness.main(scenario, __doc__))
