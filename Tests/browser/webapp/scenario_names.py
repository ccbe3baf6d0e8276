#!/usr/bin/env python3
"""Names, not identifiers (issue 22, point 5), in the browser:

1. Two members are both named "Alice Martin": the CLI's `admin invite` of the second prints the
   server's warning on standard error, and the admin page warns while the admin types the name.
2. The first Alice creates a statement naming Bob and Carol; Bob's statement page names its
   creator "Alice Martin (mem_…)", told apart from her namesake, and no bare member id is shown
   as a creator.
3. On the account page, Alice's passkey is listed by name ("Passkey" for chromium's virtual
   authenticator, whose AAGUID is not in the providers' list); she renames it "Work laptop" and the
   list shows the new name, which the API confirms.

Usage: scenario_names.py --countersign BIN [--chromium PATH] [--chromedriver PATH]
       [--deadline S] [--screenshots DIR]   (see harness.py)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from harness import expect  # noqa: E402
from scenario_web_rejection import LONG_WAIT_S, create_with_veto  # noqa: E402

NAME = "Alice Martin"


def scenario(run: harness.Run) -> None:
    server = run.start_server()
    alice = run.member(NAME, ["board"])
    bob = run.member("Bob", ["board"])
    carol = run.member("Carol", ["board"])
    # The namesake, invited through the CLI to see its warning.
    namesake = run.member(NAME, ["board"], invite=False)
    invited = server.cli("admin", "invite", "--name", NAME.lower(), "--role", "board", "--json")
    expect(f"warning: {alice.member_id} is also named \"{NAME}\"" in invited.stderr,
           f"admin invite printed no namesake warning: {invited.stderr!r}")
    namesake.invitation = json.loads(invited.stdout)
    namesake.member_id = namesake.invitation["member"]
    for member in (alice, bob, carol, namesake):
        member.accept_invitation()

    # The admin page warns while the name is typed.
    admin = run.member("Admin", invite=False)
    admin.open("/admin")
    admin.fill("#admin-key", server.admin_key_file.read_text().strip())
    admin.click("#use-admin-key")
    admin.wait_for(f'tr[data-member="{alice.member_id}"]', timeout=LONG_WAIT_S)
    admin.fill("#invite-name", "alice martin")
    admin.wait(lambda: admin.script("return !document.getElementById('invite-name-warning').hidden"),
               "the namesake warning under the name field", timeout=LONG_WAIT_S)
    warning = admin.text("#invite-name-warning")
    expect(alice.member_id in warning and namesake.member_id in warning, f"the warning names both namesakes: {warning!r}")
    admin.fill("#invite-name", "Dora Unique")
    admin.wait(lambda: admin.script("return document.getElementById('invite-name-warning').hidden"),
               "the warning gone for a unique name", timeout=LONG_WAIT_S)

    # Bob reads Alice's statement: its creator is told apart from her namesake.
    statement_id = create_with_veto(alice, "Lease the warehouse", [bob, carol])
    bob.open(f"/statements/{statement_id}")
    bob.wait_text("#main", "created by", timeout=LONG_WAIT_S)
    shown = f"{NAME} ({alice.member_id[:10]}…)"
    bob.wait_text("#main", shown, timeout=LONG_WAIT_S)
    expect(f"created by {alice.member_id}" not in bob.text("#main"), "the creator is shown as a bare id")
    bob.screenshot("statement-namesakes")

    # Alice names her passkey.
    alice.open("/account")
    item = '#passkeys li[data-passkey]'
    alice.wait_for(item, timeout=LONG_WAIT_S)
    expect(alice.text(f"{item} .passkey-name") == "Passkey", f"the unnamed passkey shows {alice.text(f'{item} .passkey-name')!r}")
    alice.click(f"{item} button.button-quiet")
    alice.wait_for("#passkey-label-input")
    alice.fill("#passkey-label-input", "Work laptop")
    alice.click("#dialog-confirm")
    alice.wait_text(f"{item} .passkey-name", "Work laptop", timeout=LONG_WAIT_S)
    status, listed = server.get_json("/api/passkeys", cookie=alice.session_cookie())
    expect(status == 200 and listed["passkeys"][0]["label"] == "Work laptop", f"the API lists {listed}")
    alice.screenshot("account-passkey-named")

    for member in (alice, bob, admin):
        member.check_console()


if __name__ == "__main__":
    sys.exit(harness.main(scenario, __doc__))
