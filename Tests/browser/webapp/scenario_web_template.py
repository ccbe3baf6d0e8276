#!/usr/bin/env python3
"""A statement created from a template and read in its readable form (issue 22, point 2): the
admin stores a template with the CLI (`countersign admin templates add`); Alice (a director)
starts "New statement" from it, fills its labelled fields (each changes only its value in the
JSON text), changes a value outside the fields in the JSON itself, reviews the statement with
that change highlighted against the template, creates it and approves it; Bob (the other
director) reads it in its readable form beside the exact JSON signed: the numbers show their
exact digits (1e+21 written out, 2500000.75 not rounded), the date is formatted with its text
beside it, a right-to-left override is shown as a marker and not applied, and the difference from
the template is highlighted; he approves ("any 2 directors"). Screenshots of the review, the
readable page and the readable page on a 390x844 phone screen.

Usage: scenario_web_template.py --countersign BIN [--chromium PATH] [--chromedriver PATH]
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
from scenario_web_rejection import LONG_WAIT_S  # noqa: E402

TEMPLATE = {
    "name": "Capital call",
    "title": "Capital call, Fund II",
    "content": {
        "fund": "Fund II",
        "amount": 0,
        "currency": "EUR",
        "dueDate": "2026-01-31",
        "reference": "INV-\u202egpj.exe",
        "terms": {"rate": 0.0425, "cap": 1e21, "installments": [{"share": 0.5}, {"share": 0.5}]},
        "notes": "Standard call under the limited partnership agreement, paid to the fund's account at the depositary.",
    },
    "fields": [
        {"pointer": "/amount", "label": "Amount called", "hint": "in EUR"},
        {"pointer": "/dueDate", "label": "Due date", "hint": "YYYY-MM-DD"},
    ],
    "policy": {"threshold": 2, "signers": [{"role": "director", "weight": 1}]},
}
NOTES = "Called early by the board: the closing moved to March."


def readable_text(member: harness.Member, pointer: str) -> str:
    return member.script(
        "const n = document.querySelector(`#readable [data-pointer='${arguments[0]}']`); return n && n.textContent", pointer) or ""


def grouped(member: harness.Member, digits: str, decimals: str = "") -> str:
    """The page's own grouping of an integer digit string (the reader's locale)."""
    group, decimal = member.script(
        "const p = new Intl.NumberFormat().formatToParts(12345.5);"
        "return [p.find((x) => x.type === 'group').value, p.find((x) => x.type === 'decimal').value];")
    parts = []
    while digits:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    return group.join(parts) + (decimal + decimals if decimals else "")


def scenario(run: harness.Run) -> None:
    server = run.start_server()
    alice = run.member("Alice", ["director"])
    bob = run.member("Bob", ["director"])
    carol = run.member("Carol", ["staff"])
    for member in (alice, bob, carol):
        member.accept_invitation()

    template_file = run.scratch / "template.json"
    template_file.write_text(json.dumps(TEMPLATE, ensure_ascii=False))
    stored = json.loads(server.cli("admin", "templates", "add", "--file", str(template_file), "--json").stdout)
    template_id = stored["id"]
    expect(stored["contentText"].find('"cap":1e+21') >= 0, f"the template's content text is {stored['contentText']!r}")

    # The policy editor (point 7): "any 2 directors" is valid with two directors, and the server's
    # explanation is the authority; a third would be unreachable, and the server says so.
    alice.open("/statements/new")
    alice.click('#policy-builder input[data-role="director"]', timeout=LONG_WAIT_S)
    expect(not alice.script("return document.getElementById('policy-template-option').offsetParent"),
           "the template's policy is offered before a template is chosen")
    alice.fill("#threshold", "2")
    alice.wait_text("#policy-text", "Needs:", timeout=LONG_WAIT_S)
    expect("director" in alice.text("#policy-text"), f"the policy reads {alice.text('#policy-text')!r}")
    alice.fill("#threshold", "3")
    alice.wait_text("#policy-text", "never be satisfied", timeout=LONG_WAIT_S)
    alice.fill("#threshold", "2")
    # Durations from the picker: the exact ISO 8601 value is shown and is what the policy carries.
    alice.fill("#expires-after-days", "2")
    alice.fill("#expires-after-hours", "12")
    alice.wait_text("#expires-after-iso", "P2DT12H", timeout=LONG_WAIT_S)
    alice.wait(lambda: "Needs:" in alice.text("#policy-text"), "the policy with an expiry explained", timeout=LONG_WAIT_S)
    alice.screenshot("new-statement-policy-editor")

    # Alice starts from the template.
    alice.wait(lambda: alice.script("return document.querySelectorAll('#template-select option').length") == 2,
               "the template in the list", timeout=LONG_WAIT_S)
    alice.script("const s = document.getElementById('template-select'); s.value = arguments[0];"
                 "s.dispatchEvent(new Event('change'));", template_id)
    alice.wait_for("#template-field-0", timeout=LONG_WAIT_S)
    expect(alice.script("return document.getElementById('title').value") == TEMPLATE["title"], "the title was not pre-filled")
    content = alice.script("return document.getElementById('content').value")
    expect('"cap": 1e+21' in content and '"amount": 0' in content, f"the content was not pre-filled exactly:\n{content}")
    expect(alice.script("return document.getElementById('policy-template-choice').checked"), "the template's policy is not chosen")

    # The labelled fields change only their values in the JSON text.
    alice.fill("#template-field-0", "2500000.75")
    alice.fill("#template-field-1", "2026-03-31")
    content = alice.script("return document.getElementById('content').value")
    expect('"amount": 2500000.75' in content and '"dueDate": "2026-03-31"' in content,
           f"the fields did not fill the JSON:\n{content}")
    alice.fill("#template-field-0", "2,5 million")
    alice.wait_text("#template-field-0-error", "Enter a number", timeout=LONG_WAIT_S)
    after = alice.script("return document.getElementById('content').value")
    expect("million" not in after and "2,5" not in after, f"a field that is not a number was written into the JSON:\n{after}")
    json.loads(after)  # still JSON: only valid numbers are ever written
    alice.fill("#template-field-0", "2500000.75")

    # A change outside the fields, typed into the JSON itself.
    alice.script("const c = document.getElementById('content'); c.value = c.value.replace(arguments[0], arguments[1]);"
                 "c.dispatchEvent(new Event('input', {bubbles: true}));", TEMPLATE["content"]["notes"], NOTES)
    alice.wait_text("#policy-text", "Needs:", timeout=LONG_WAIT_S)
    typed = alice.script("return document.getElementById('content').value")

    # The review highlights the change against the template, beside the exact text.
    alice.click("#create", timeout=LONG_WAIT_S)
    alice.wait_text("dialog", "Review the statement", timeout=LONG_WAIT_S)
    expect("1 change outside the fields" in alice.text("#review-summary"), f"the review says {alice.text('#review-summary')!r}")
    expect(alice.script("return !!document.querySelector(\"#review-readable .diff-changed[data-pointer='/notes']\")"),
           "the changed notes are not highlighted on review")
    expect(alice.script("return !!document.querySelector(\"#review-readable .diff-filled[data-pointer='/amount']\")"),
           "the filled amount is not marked on review")
    # Exactly the text sent, the override made visible as a marker instead of applied.
    expect(alice.script("return document.getElementById('review-exact').textContent") == typed.replace("\u202e", "\u27e6U+202E\u27e7"),
           "the review does not show the exact text that is sent")
    alice.screenshot("template-review")
    alice.click("#dialog-confirm", timeout=LONG_WAIT_S)
    alice.wait(lambda: alice.path().startswith("/statements/st_"), "the new statement's page", timeout=LONG_WAIT_S)
    statement_id = alice.path().rsplit("/", 1)[1]

    # What is signed is exactly the typed text's canonical form; the template link is recorded.
    canonical_file = run.scratch / "typed.json"
    canonical_file.write_text(typed)
    canonical = server.cli("jcs", str(canonical_file)).stdout.strip()
    status, view = server.get_json(f"/api/statements/{statement_id}", cookie=bob.session_cookie())
    expect(status == 200, f"reading the statement answered {status}")
    payload = base64.urlsafe_b64decode(view["payload"] + "=" * (-len(view["payload"]) % 4)).decode()
    expect(f'"content":{canonical},' in payload, f"the signed document does not hold the typed content:\n{payload}")
    status, link = server.get_json(f"/api/statements/{statement_id}/template", cookie=bob.session_cookie())
    expect(status == 200 and link["template"]["id"] == template_id, f"the statement's template is {link}")

    alice.wait_for("#approve", timeout=LONG_WAIT_S)
    alice.click("#approve", timeout=LONG_WAIT_S)
    alice.click("#dialog-confirm", timeout=LONG_WAIT_S)
    alice.wait_text("#banner", "approval is signed", timeout=LONG_WAIT_S)

    # Bob reads it: the readable form beside the exact JSON.
    bob.open(f"/statements/{statement_id}")
    bob.wait_for("#readable .readable-object", timeout=LONG_WAIT_S)
    exact = bob.text("#content")
    expect('"amount": 2500000.75' in exact and '"cap": 1e+21' in exact, f"the exact JSON is not shown as signed:\n{exact}")
    expect(readable_text(bob, "/amount").startswith(grouped(bob, "2500000", "75")),
           f"the amount reads {readable_text(bob, '/amount')!r}")
    expect(readable_text(bob, "/terms/cap") == grouped(bob, "1" + "0" * 21), f"1e+21 reads {readable_text(bob, '/terms/cap')!r}")
    expect(bob.script("return document.querySelector(\"#readable [data-pointer='/terms/cap'] .readable-number\").dataset.raw") == "1e+21",
           "the number's JSON text is not kept beside it")
    expect(readable_text(bob, "/terms/rate") == grouped(bob, "0", "0425"), f"0.0425 reads {readable_text(bob, '/terms/rate')!r}")
    due = bob.script("const t = document.querySelector(\"#readable [data-pointer='/dueDate'] time\");"
                     "return t && [t.getAttribute('datetime'), t.parentNode.textContent];")
    expect(due and due[0] == "2026-03-31" and "2026-03-31" in due[1] and "2026" in due[1].replace("2026-03-31", ""),
           f"the due date reads {due}")
    reference = readable_text(bob, "/reference")
    expect("\u202e" not in reference and "U+202E" in reference, f"the override is not made visible: {reference!r}")
    expect(bob.script("return !!document.querySelector(\"#readable .diff-changed[data-pointer='/notes']\")"),
           "the difference from the template is not highlighted for the reader")
    expect(TEMPLATE["content"]["notes"][:40] in bob.text("#readable"), "the template's old value is not shown beside the change")
    bob.screenshot("statement-readable")

    bob.click("#approve", timeout=LONG_WAIT_S)
    bob.click("#dialog-confirm", timeout=LONG_WAIT_S)
    bob.wait(lambda: bob.script("const s = document.getElementById('state'); return s && s.dataset.state") == "approved",
             "the statement approved by the two directors", timeout=LONG_WAIT_S)

    # On a phone: one column, nothing wider than the screen.
    # A phone's viewport exactly (the window size would include the browser's own frame).
    carol.cdp("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    carol.open(f"/statements/{statement_id}")
    carol.wait_for("#readable .readable-object", timeout=LONG_WAIT_S)
    overflow = carol.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    expect(overflow <= 0, f"the readable statement page is {overflow} px wider than a 390 px screen")
    carol.script("document.getElementById('content-heading').scrollIntoView();")
    carol.screenshot("statement-readable-phone")

    # The admin page (point 7): the statements overview and the audit view, read-only, from the
    # admin audit log; the stored-policy editor is the same module as the new-statement form's.
    admin = run.member("Admin", invite=False)
    admin.open("/admin")
    admin.fill("#admin-key", server.admin_key_file.read_text().strip())
    admin.click("#use-admin-key")
    row = admin.wait_for(f'#admin-statements tr[data-statement="{statement_id}"]', timeout=LONG_WAIT_S)
    expect(row.get_attribute("data-state") == "approved" and template_id in row.text and "Alice" in row.text,
           f"the statements overview reads {row.text!r}")
    admin.wait_for('#audit-events tr[data-action="template.stored"]', timeout=LONG_WAIT_S)
    expect("Bob" in admin.text('#audit-events tr[data-action="vote.approve"]'), "the audit view does not name the voter")
    expect(admin.script("return !!document.querySelector('#admin-policy-editor input[data-role=\"director\"]')"),
           "the admin page has no visual policy editor")
    # Templates on the admin page: the JSON is sent exactly as typed, so a number a double would
    # round is refused by the server (JSON.parse would have sent 12345678901234567000), and
    # nothing is stored; a valid one is listed, then removed.
    admin.fill("#template-json", '{"name": "Rounded", "content": {"n": 12345678901234567890}}')
    admin.click("#template-submit")
    admin.wait_text("#banner", "not valid JSON", timeout=LONG_WAIT_S)
    expect("Rounded" not in admin.text("#templates"), "a template with an inexact number was stored")
    admin.fill("#template-json", '{"name": "Board minute", "content": {"text": "", "quorum": 0.5}, '
                                 '"fields": [{"pointer": "/text", "label": "Minute"}]}')
    admin.click("#template-submit")
    admin.wait_text("#templates", "Board minute", timeout=LONG_WAIT_S)
    admin.click('#templates li:last-child .remove-template')
    admin.click("#dialog-confirm")
    admin.wait_for('#templates li[data-removed="true"]', timeout=LONG_WAIT_S)
    listed = json.loads(server.cli("admin", "templates", "list", "--json").stdout)
    expect([(t["name"], t["removedAt"] is not None) for t in listed] == [("Capital call", False), ("Board minute", True)],
           f"the templates are {listed}")
    admin.script("document.getElementById('statements-title').scrollIntoView();")
    admin.screenshot("admin-statements-audit")
    admin.check_console(allow=["status of 400"])

    # The unreachable threshold was refused by the server's explanation (a 422 in the console).
    alice.check_console(allow=["status of 422"])
    for member in (bob, carol):
        member.check_console()


if __name__ == "__main__":
    sys.exit(harness.main(scenario, __doc__))
