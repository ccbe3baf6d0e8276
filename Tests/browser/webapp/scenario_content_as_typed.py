#!/usr/bin/env python3
"""What is signed is exactly what the creator typed (issue 18, hole 2). On the new-statement form
the creator types three contents the page used to change silently on the way to the server
(JSON.parse then JSON.stringify): {"x":1e400} (became {"x":null}), 12345678901234567890 (became
12345678901234567000) and an object with a duplicate name (the first one vanished). Each must now
be refused by the server, with its reason and position shown next to the content field, and
nothing stored. Then a valid content typed with indentation, unsorted names and numbers in
non-canonical spellings is created, pretty-printed first (which may only change whitespace), and
the statement's signed document holds exactly the canonical form (`countersign jcs`) of the text
as typed.

Usage: scenario_content_as_typed.py --countersign BIN [--chromium PATH] [--chromedriver PATH]
       [--deadline S] [--screenshots DIR]   (see harness.py)
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from harness import expect  # noqa: E402

LONG_WAIT_S = 90

# (typed text, what the message must say, where)
REFUSED = [
    ('{"x":1e400}', "does not fit an IEEE 754 double", "line 1, column 6"),
    ("12345678901234567890", "would be signed as 12345678901234567000", "line 1, column 1"),
    ('{\n  "dup": 1,\n  "dup": 2\n}', 'duplicate member name "dup"', "line 3, column 3"),
]

VALID = '{\n  "valuation": 1.50e3,\n  "amount": 2500000.50,\n  "big": 1e21,\n  "name": "Série A"\n}'


def fill_form(creator: harness.Member, title: str, content: str) -> None:
    creator.open("/statements/new")
    creator.wait_for("#content", timeout=LONG_WAIT_S)
    creator.fill("#title", title)
    creator.fill("#content", content)
    creator.click(f'input[data-member="{creator.member_id}"]', timeout=LONG_WAIT_S)
    creator.wait_text("#policy-text", "Needs:", timeout=LONG_WAIT_S)


def base64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def scenario(run: harness.Run) -> None:
    server = run.start_server()
    alice = run.member("Alice", ["investor"])
    alice.accept_invitation()

    for text, reason, position in REFUSED:
        fill_form(alice, "Refused content", text)
        alice.click("#create", timeout=LONG_WAIT_S)
        shown = alice.wait(lambda: (not alice.script("return document.getElementById('content-error').hidden")
                                    and alice.text("#content-error")) or None,
                           f"the server's message next to the content field for {text!r}", timeout=LONG_WAIT_S)
        expect(reason in shown and position in shown, f"for {text!r} the field says {shown!r}")
        expect(alice.script("return document.getElementById('content').getAttribute('aria-invalid')") == "true",
               "the content field is not marked invalid")
        expect(alice.path() == "/statements/new", f"the page left the form: {alice.path()}")
        expect(alice.script("return document.getElementById('content').value") == text, "the typed text was changed")
    alice.screenshot("new-statement-content-refused")
    status, listing = server.get_json("/api/statements", cookie=alice.session_cookie())
    expect(status == 200 and listing["statements"] == [], f"a refused content was stored: {status} {listing}")

    # A valid content: pretty-printing changes whitespace only, and the signed document holds the
    # canonical form of exactly the typed text.
    fill_form(alice, "Exactly as typed", VALID)
    alice.click("#pretty", timeout=LONG_WAIT_S)
    pretty = alice.script("return document.getElementById('content').value")
    expect("".join(pretty.split()) == "".join(VALID.split()), f"pretty-printing changed more than whitespace: {pretty!r}")
    alice.click("#create", timeout=LONG_WAIT_S)
    alice.wait(lambda: alice.path().startswith("/statements/st_"), "the new statement's page", timeout=LONG_WAIT_S)
    statement_id = alice.path().rsplit("/", 1)[1]

    typed = run.scratch / "typed.json"
    typed.write_bytes(VALID.encode())
    canonical = server.cli("jcs", str(typed)).stdout.strip().encode()
    expect(canonical == '{"amount":2500000.5,"big":1e+21,"name":"Série A","valuation":1500}'.encode(),
           f"countersign jcs gave {canonical!r}")
    status, view = server.get_json(f"/api/statements/{statement_id}", cookie=alice.session_cookie())
    expect(status == 200, f"reading the statement answered {status}: {view}")
    document = base64url_decode(view["payload"])
    expect(b'"content":' + canonical + b',"' in document,
           f"the signed document does not hold the typed content's canonical form:\n{document!r}")

    alice.check_console(allow=["status of 422"])


if __name__ == "__main__":
    sys.exit(harness.main(scenario, __doc__))
