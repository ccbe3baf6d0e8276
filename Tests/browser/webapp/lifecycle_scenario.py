#!/usr/bin/env python3
"""Delayed dangerous operations and account recovery in the browser (issue 8, web surfaces).

1. The admin (a browser holding only the ADMIN_KEY) opens /admin, enters the key, and announces
   the removal of a member; the server waits (--dangerous-operation-delay 1h).
2. The member's /account page, already open, shows the announcement live (server-sent event
   "operation", no reload) with the time left, and cancels it with a passkey assertion.
3. The admin page lists the operation as cancelled; the member is still active. The admin writes
   a policy in the form, sees it explained in words by the server as it changes (with what its
   creator changes, or the server's refusal when it cannot be met), stores it, and announces a
   role change, which the member's page also shows.
4. The ADMIN_KEY was kept in memory only (no web storage), and "Forget the admin key" hides the
   admin sections.
5. A key the admin enrols for the member (she has a passkey) is announced on her page and valid
   only once she confirms it with her passkey ("This was me: activate now"); her next visit also
   shows it in the identity notice the browser builds from the transparency log it verified.
6. Recovery: the admin page makes a recovery link; opened in a fresh browser (a new device with a
   new passkey), it registers the passkey and tells the member it becomes active after the delay
   unless cancelled from an old device; the old device's account page shows that recovery.

Run by Tests/CountersignBrowserTests/BrowserAccountTests.swift; see harness.py for the arguments.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from harness import expect  # noqa: E402


def scenario(run: harness.Run) -> None:
    server = run.start_server(["--dangerous-operation-delay", "1h", "--recovery-delay", "1h"])
    erin = run.member("Erin", ["partner"])
    erin.accept_invitation(erin.invitation, keep_copy=False)
    erin.open("/account")
    erin.wait_text("#operations", "No change")
    erin.wait_text("#operations-live", "live")

    admin = run.member("Admin", invite=False)
    admin.open("/admin")
    admin.fill("#admin-key", "not a key")
    admin.click("#use-admin-key")
    admin.wait_text("#banner", "64 hexadecimal")
    admin.fill("#admin-key", server.admin_key_file.read_text().strip())
    admin.click("#use-admin-key")
    admin.wait_for(f'tr[data-member="{erin.member_id}"]')
    admin.click(f'tr[data-member="{erin.member_id}"] button[data-action="remove"]')
    admin.click("#dialog-confirm")
    admin.wait_text("#banner", "announced")
    admin.wait_for("#admin-operations li[data-state='pending']")
    admin.screenshot("admin")

    # Live on the member's page, without a reload.
    operation = erin.wait_for("#operations li[data-state='pending']", timeout=30)
    expect("Remove you" in operation.text, f"the announcement reads {operation.text!r}")
    expect("Takes effect in" in operation.text, "no countdown")
    erin.screenshot("account-operation-announced")
    erin.click(".cancel-operation")
    erin.click("#dialog-confirm")
    erin.wait_text("#banner", "cancelled", timeout=40)
    erin.check_console()

    # A stored policy from the form, and a role change that waits like the removal did.
    # Written with the visual editor the new-statement page uses (policy-editor.js); the expiry
    # is picked in days and the exact ISO 8601 value is shown beside the picker.
    admin.fill("#policy-name", "Two partners")
    admin.click('#admin-policy-editor input[data-role="partner"]')
    # Explained in words by the server as the admin edits (POST /api/admin/policies/explain,
    # signed with the ADMIN_KEY: the admin has no member session), with what the creator
    # changes: a stored policy has none yet. Erin is the only partner.
    admin.wait_text("#admin-policy-text", "Needs: any 1 of the members with role partner")
    admin.wait_text("#admin-policy-creator", "changes nothing")
    admin.click("#ap-self-approval")
    admin.wait_text("#admin-policy-text", "the creator's own approval does not count")
    admin.wait_text("#admin-policy-creator", "a statement created by Erin could never be approved")
    admin.script("document.getElementById('admin-policy-text').scrollIntoView({block: 'center'})")
    admin.screenshot("admin-policy-explained")
    admin.click("#ap-self-approval")
    admin.wait_text("#admin-policy-creator", "changes nothing")
    admin.fill("#ap-threshold", "2")
    # One partner cannot give two approvals: the server's refusal replaces the words.
    admin.wait_text("#admin-policy-text", "can never be satisfied")
    expect(admin.find("#admin-policy-text").get_attribute("class") == "error-text", "the refusal is not shown as an error")
    expect(not admin.find("#admin-policy-creator").is_displayed(), "a creator note is left beside a refused policy")
    admin.fill("#ap-expires-after-days", "7")
    admin.wait_text("#ap-expires-after-iso", "P7D")
    admin.click("#policy-submit")
    admin.wait_text("#policies", "Two partners")
    stored = [p for p in json.loads(server.cli("admin", "policies", "list", "--json").stdout) if p["name"] == "Two partners"]
    expect(len(stored) == 1 and stored[0]["policy"] == {"threshold": 2, "signers": [{"role": "partner", "weight": 1}], "expiresAfter": "P7D"},
           f"the editor stored {stored}")
    admin.click(f'tr[data-member="{erin.member_id}"] button[data-action="change-roles"]')
    admin.fill("#roles-input", "partner, treasurer")
    admin.click("#dialog-confirm")
    admin.wait_text("#banner", "role change is announced")
    roles = erin.wait_for("#operations li[data-state='pending']", timeout=30)
    expect("treasurer" in roles.text, f"the role change reads {roles.text!r}")

    admin.script("document.getElementById('operation-state').value = 'cancelled';"
                 "document.getElementById('operation-state').dispatchEvent(new Event('change'))")
    admin.wait_for("#admin-operations li[data-state='cancelled']")
    admin.wait_text(f'tr[data-member="{erin.member_id}"]', "active")

    # A key the admin enrols for Erin waits for her: announced live, activated by her passkey.
    key_file = run.scratch / "erin-cli.jwk"
    generated = json.loads(server.cli("keygen", "--alg", "Ed25519", "--out", str(key_file), "--json").stdout)
    x = generated["jwk"]["x"]
    public_hex = base64.urlsafe_b64decode(x + "=" * (-len(x) % 4)).hex()
    token = json.loads(server.cli("admin", "token", "--member", erin.member_id, "--public-key", public_hex,
                                  "--expires", "10m", "--json").stdout)["token"]
    enrolled = server.cli("key", "enrol", "--token", token, "--server", server.origin, "--key", str(key_file))
    expect("it is valid from" in enrolled.stdout, f"key enrol printed {enrolled.stdout!r}")
    kid = generated["kid"]
    status, record = server.get_json(f"/api/keys/{kid}")
    expect(status == 200, f"GET /api/keys/{kid}: {status}")
    erin.wait_text("#operations", "enrolled a signing key", timeout=30)
    erin.screenshot("account-key-enrolment-announced")
    # Her next visit shows it from the transparency log too, verified in her browser (the log's
    # checkpoint signature, and the new entries rebuilding its root from what she checked before).
    erin.open("/account")
    erin.wait_for("#identity-notice li[data-action='key.enrolled']", timeout=40)
    notice = erin.wait_text("#identity-notice li[data-action='key.enrolled']", "enrolled signing key")
    expect(kid[:12] in notice, f"the identity notice reads {notice!r}")
    erin.screenshot("account-identity-notice")
    erin.wait_text("#operations", "enrolled a signing key", timeout=30)
    erin.click(".confirm-operation")
    erin.click("#dialog-confirm")
    erin.wait_text("#banner", "The key is active", timeout=40)
    status, activated = server.get_json(f"/api/keys/{kid}")
    expect(status == 200 and activated["validFrom"] < record["validFrom"],
           f"the key's validFrom did not move to the confirmation: {record['validFrom']} -> {activated.get('validFrom')}")
    erin.check_console()

    # Recovery: a link from the admin page, a new passkey on a new device, pending.
    admin.click(f'tr[data-member="{erin.member_id}"] button[data-action="recover"]')
    admin.click("#dialog-confirm")
    link = admin.wait_for("#invite-link").get_attribute("value")
    expect("/invite#" in link, f"recovery link {link!r}")
    # 40x: the wrong key at the start; 422: the explanation refusing the unreachable policy.
    admin.check_console(allow=[r"status of 40[0-9]", r"policies/explain .*status of 422"])
    # The ADMIN_KEY lives in the tab's memory only: nothing in web storage, no IndexedDB database
    # but the (empty) key store; forgetting it hides the admin sections.
    stored = admin.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "indexedDB.databases().then((list) => done({local: localStorage.length, session: sessionStorage.length,"
        " databases: list.map((d) => d.name)}))")
    expect(stored["local"] == 0 and stored["session"] == 0 and set(stored["databases"]) <= {"countersign"}, f"admin page stored {stored}")
    admin.click("#forget-admin-key")
    admin.wait_for("#admin-key")
    expect(not admin.find("#admin-sections").is_displayed(), "the admin sections stay shown after forgetting the key")
    phone = run.member("Erin new phone", invite=False)
    phone.driver.get(link)
    phone.click("#invite-start")
    phone.wait_text("#banner", "becomes active", timeout=40)
    phone.screenshot("invite-recovery-pending")
    erin.open("/account")
    erin.wait_text("#operations", "Account recovery")
    phone.check_console()


if __name__ == "__main__":
    sys.exit(harness.main(scenario, __doc__))
