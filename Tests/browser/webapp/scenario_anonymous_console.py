#!/usr/bin/env python3
"""An anonymous visitor logs no console error (issue 18, hole 3). Opening the dashboard without a
session leads to the login page, and the admin page (which needs no member session) shows its key
form; neither may log anything SEVERE in the browser console. Before the fix the pages asked
GET /api/session, whose 401 the browser logs as "Failed to load resource ... 401".

Usage: scenario_anonymous_console.py --countersign BIN [--chromium PATH] [--chromedriver PATH]
       [--deadline S] [--screenshots DIR]   (see harness.py)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from harness import expect  # noqa: E402

LONG_WAIT_S = 90


def scenario(run: harness.Run) -> None:
    run.start_server()
    visitor = run.member("Visitor", invite=False)

    # The dashboard sends a visitor without a session to the login page, as a normal state.
    visitor.open("/")
    visitor.wait(lambda: visitor.path() == "/login", "the dashboard sending the visitor to /login", timeout=LONG_WAIT_S)
    expect("ended=1" not in visitor.driver.current_url, f"a visitor who never signed in is told a session ended: {visitor.driver.current_url}")
    # The login page has finished loading its module once its button is there.
    visitor.wait_for("button", timeout=LONG_WAIT_S)

    # The admin page asks for the session too (to show the member's header), without requiring one.
    visitor.open("/admin")
    visitor.wait_for("#site-header", timeout=LONG_WAIT_S)
    visitor.wait(lambda: visitor.script("return document.readyState") == "complete", "the admin page loaded", timeout=LONG_WAIT_S)
    # The session check is the page's first request; wait until the browser has answered it.
    visitor.wait(lambda: visitor.script(
        "return performance.getEntriesByType('resource').some((entry) => entry.name.includes('/api/session'))"),
        "the admin page's session check", timeout=LONG_WAIT_S)

    visitor.check_console()


if __name__ == "__main__":
    sys.exit(harness.main(scenario, __doc__))
