#!/usr/bin/env python3
"""The readable statement's rules, in the browser (issue 22, point 2; docs/webapp.md, "Readable
statements"): a statement whose content holds the hard cases is read on the statement page, and
each value's readable form is checked against the rule: numbers with their exact digits (small
and large exponents, negatives, grouping), dates only when unambiguous and always with their text
beside them, invisible and direction-changing characters (in values and in keys) shown as markers
and never applied, line breaks kept, nested objects, empty lists, null and booleans. The exact
JSON signed is shown beside it, never hidden.

Usage: scenario_readable_rules.py --countersign BIN [--chromium PATH] [--chromedriver PATH]
       [--deadline S] [--screenshots DIR]   (see harness.py)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from harness import expect  # noqa: E402
from scenario_web_rejection import CREATE_SCRIPT, LONG_WAIT_S  # noqa: E402

# Written as text: the numbers reach the server exactly as here.
CONTENT = r'''{
  "small": 1e-7, "huge": 1e300, "negative": -1234567.891, "whole": 1000000, "zero": 0, "half": 0.5,
  "date": "2026-03-31", "moment": "2026-03-31T09:30:00Z", "offsetMoment": "2026-03-31T09:30:00+02:00",
  "ambiguous": "03/04/2026", "noOffset": "2026-03-31T09:30:00", "impossible": "2026-02-30",
  "zeroWidth": "pay\u200bee", "isolate": "a\u2066b\u2069c", "tab": "a\tb", "rtl": "\u05e9\u05dc\u05d5\u05dd",
  "multiline": "line one\nline two", "\u202ekey": "value",
  "nested": {"list": [1, {"deep": true}], "empty": {}, "emptyList": []}, "nothing": null
}'''


def text(member: harness.Member, pointer: str) -> str:
    return member.script(
        "const n = document.querySelector(`#readable [data-pointer='${arguments[0]}']`); return n ? n.textContent : null", pointer)


def has(member: harness.Member, pointer: str, selector: str) -> bool:
    return member.script(
        "return !!document.querySelector(`#readable [data-pointer='${arguments[0]}'] ${arguments[1]}`)", pointer, selector)


def scenario(run: harness.Run) -> None:
    run.start_server()
    alice = run.member("Alice", ["board"])
    bob = run.member("Bob", ["board"])
    for member in (alice, bob):
        member.accept_invitation()

    alice.open("/")
    alice.wait_for("#logout", timeout=LONG_WAIT_S)
    policy = {"threshold": 1, "signers": [{"member": bob.member_id, "weight": 1}]}
    body = json.dumps({"title": "Readable rules", "contentText": CONTENT, "policy": policy})
    status, view = alice.driver.execute_async_script(CREATE_SCRIPT, body)
    expect(status == 201, f"creating the statement answered {status}: {view}")
    statement_id = view["statement"]["id"]

    bob.open(f"/statements/{statement_id}")
    bob.wait_for("#readable .readable-object", timeout=LONG_WAIT_S)
    group, decimal = bob.script(
        "const p = new Intl.NumberFormat().formatToParts(12345.5);"
        "return [p.find((x) => x.type === 'group').value, p.find((x) => x.type === 'decimal').value];")

    # Numbers: the exact digits of the JSON, grouped; a huge exponent keeps its JSON form.
    expect(text(bob, "/small") == f"0{decimal}0000001", f"1e-7 reads {text(bob, '/small')!r}")
    expect(text(bob, "/huge") == "1e+300", f"1e300 reads {text(bob, '/huge')!r}")
    expect(text(bob, "/negative") == f"-1{group}234{group}567{decimal}891", f"-1234567.891 reads {text(bob, '/negative')!r}")
    expect(text(bob, "/whole") == f"1{group}000{group}000", f"1000000 reads {text(bob, '/whole')!r}")
    expect(text(bob, "/zero") == "0" and text(bob, "/half") == f"0{decimal}5", "0 or 0.5 misread")
    expect(bob.script("return document.querySelector(\"#readable [data-pointer='/small'] .readable-number\").title") == "JSON number 1e-7",
           "the number's JSON text is not in its title")

    # Dates only when unambiguous, the text always beside them.
    for pointer, raw in [("/date", "2026-03-31"), ("/moment", "2026-03-31T09:30:00Z"), ("/offsetMoment", "2026-03-31T09:30:00+02:00")]:
        expect(has(bob, pointer, "time"), f"{pointer} is not shown as a date")
        expect(bob.script(f"return document.querySelector(\"#readable [data-pointer='{pointer}'] time\").getAttribute('datetime')") == raw,
               f"{pointer} lost its text")
        expect(raw in text(bob, pointer) and text(bob, pointer) != raw, f"{pointer} reads {text(bob, pointer)!r}")
    for pointer, raw in [("/ambiguous", "03/04/2026"), ("/noOffset", "2026-03-31T09:30:00"), ("/impossible", "2026-02-30")]:
        expect(not has(bob, pointer, "time") and text(bob, pointer) == raw, f"{pointer} was read as a date: {text(bob, pointer)!r}")

    # Invisible and direction-changing characters: markers, never the characters themselves.
    expect(text(bob, "/zeroWidth") == "pay\u27e6U+200B\u27e7ee", f"the zero-width space reads {text(bob, '/zeroWidth')!r}")
    expect(text(bob, "/isolate") == "a\u27e6U+2066\u27e7b\u27e6U+2069\u27e7c", f"the isolates read {text(bob, '/isolate')!r}")
    expect(text(bob, "/tab") == "a\u27e6U+0009\u27e7b", f"the tab reads {text(bob, '/tab')!r}")
    key = bob.script("return [...document.querySelectorAll('#readable th')].map((th) => th.textContent)"
                     ".find((t) => t.endsWith('key'))")
    expect(key == "\u27e6U+202E\u27e7key", f"the key with an override reads {key!r}")
    readable_all = bob.text("#readable")
    for character in ["\u200b", "\u2066", "\u2069", "\u202e"]:
        expect(character not in readable_all, f"U+{ord(character):04X} is rendered in the readable form")
    exact = bob.script("return document.getElementById('content').textContent")
    expect("\u202e" not in exact and "\u27e6U+202E\u27e7key" in exact, "the exact JSON applies the override")
    expect(has(bob, "/rtl", "bdi") or bob.script(
        "return document.querySelector(\"#readable [data-pointer='/rtl'] bdi\") !== null"), "right-to-left text is not isolated")
    expect(text(bob, "/rtl") == "\u05e9\u05dc\u05d5\u05dd", "the Hebrew text changed")

    # Line breaks kept; structure; empty values; null and booleans.
    expect(text(bob, "/multiline") == "line one\nline two", f"the line break is lost: {text(bob, '/multiline')!r}")
    expect(text(bob, "/nested/list/1/deep") == "true", "the nested boolean is not shown")
    expect(bob.script("return document.querySelectorAll('#readable .readable-object .readable-object').length") >= 2,
           "nested objects are not nested tables")
    expect("(no entries)" in readable_all and "(empty list)" in readable_all, "empty values are not said")
    expect(text(bob, "/nothing") == "null", "null is not shown")

    # The exact JSON signed is beside it: the canonical document, as the server holds it.
    expect('"small": 1e-7' in exact and '"huge": 1e+300' in exact and '"negative": -1234567.891' in exact,
           f"the exact JSON is not the signed text:\n{exact}")
    expect(bob.script("return getComputedStyle(document.getElementById('content')).display") != "none", "the exact JSON is hidden")
    bob.screenshot("statement-readable-rules")

    for member in (alice, bob):
        member.check_console()


if __name__ == "__main__":
    sys.exit(harness.main(scenario, __doc__))
