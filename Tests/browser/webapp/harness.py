"""Browser test harness for the Countersign web app (selenium 4.51, Debian's chromium).

Shared by every scenario script in this folder (docs/webapp.md describes them). It

  * starts the built `countersign serve` binary on a free port of 127.0.0.1 with a temporary
    data folder and SQLite, origin http://localhost:PORT and RP ID localhost (a secure context
    without TLS), plus whatever extra flags the scenario asks for (`Server`);
  * creates members with `countersign admin invite --json`, signed with the data folder's
    ADMIN_KEY (`Server.invite`), and calls the admin CLI for anything else (`Server.cli`);
  * opens one headless chromium per member, each with its own profile folder, download folder
    and a CDP virtual authenticator: CTAP 2.1, internal transport, resident keys, user
    verification (verified), PRF (`Member`);
  * offers waits and clicks that always time out, reads the browser console and fails on
    SEVERE entries (`Member.check_console`), and saves screenshots into
    $COUNTERSIGN_SCREENSHOT_DIR (default: a folder under the run's temporary directory).

A scenario script defines `def scenario(run: Run) -> None` and ends with
`sys.exit(harness.main(scenario, __doc__))`. `main` parses the common arguments

    --countersign BIN   the built binary (required)
    --chromium PATH / --chromedriver PATH  (default $COUNTERSIGN_CHROMIUM / $COUNTERSIGN_CHROMEDRIVER, then PATH)
    --deadline SECONDS  the whole run (default 300), enforced with SIGALRM
    --screenshots DIR   (default $COUNTERSIGN_SCREENSHOT_DIR)
    --web-root DIR      serve the pages from DIR instead of the ones built into the binary

and exits 0 when the scenario passed, 1 when it failed (the reason on stderr), 2 for bad usage
or a missing browser, 3 when the script itself crashed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
from pathlib import Path

RP_ID = "localhost"

WAIT_S = 20
SCRIPT_TIMEOUT_S = 60
PAGE_LOAD_TIMEOUT_S = 30
DRIVER_HTTP_TIMEOUT_S = 60
QUIT_DEADLINE_S = 30
SERVER_START_S = 60


class ScenarioFailure(Exception):
    """The web app did not do what the scenario expected; the message says what."""


class Deadline(BaseException):
    """The run exceeded --deadline. A BaseException so that no `except Exception` swallows it."""


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise ScenarioFailure(message)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_executable(explicit: str | None, env_name: str, names: list[str]) -> str | None:
    for candidate in [explicit, os.environ.get(env_name)]:
        if candidate:
            return candidate if os.path.isfile(candidate) and os.access(candidate, os.X_OK) else None
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


# --- the server -----------------------------------------------------------------------------


class Server:
    """`countersign serve` on a free port with a fresh data folder; stopped by `stop()`."""

    def __init__(self, binary: str, scratch: Path, extra_flags: list[str] | None = None):
        self.binary = binary
        self.port = free_port()
        self.origin = f"http://localhost:{self.port}"
        self.data_dir = scratch / "server-data"
        # Owner-only: the server refuses a data folder that group or others can open.
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.log_path = scratch / "server.log"
        self.admin_key_file = self.data_dir / "admin.key"
        arguments = [
            binary, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--data-dir", str(self.data_dir),
            "--origin", self.origin, "--rp-id", RP_ID, "--log-level", "warning",
        ] + list(extra_flags or [])
        self._log = open(self.log_path, "wb")
        environment = {key: value for key, value in os.environ.items() if not key.startswith("COUNTERSIGN_")}
        self.process = subprocess.Popen(arguments, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        env=environment)
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if self.process.poll() is not None:
                raise ScenarioFailure(f"countersign serve exited {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as response:
                    if response.status == 200 and self.admin_key_file.exists():
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise ScenarioFailure(f"countersign serve did not answer /healthz within {SERVER_START_S} s:\n{self.log_tail()}")
            time.sleep(0.2)

    def log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def cli(self, *arguments: str, check: bool = True, timeout: int = 60) -> subprocess.CompletedProcess:
        """Runs `countersign ARGUMENTS` (admin commands get --server and --admin-key-file)."""
        arguments = list(arguments)
        if arguments and arguments[0] == "admin":
            arguments += ["--server", self.origin, "--admin-key-file", str(self.admin_key_file)]
        result = subprocess.run([self.binary] + arguments, capture_output=True, text=True, timeout=timeout,
                                stdin=subprocess.DEVNULL)
        if check and result.returncode != 0:
            raise ScenarioFailure(f"countersign {' '.join(arguments)} exited {result.returncode}:\n{result.stderr}{result.stdout}")
        return result

    def verify(self, bundle: str) -> subprocess.CompletedProcess:
        """`countersign verify BUNDLE` with the server's key pinned as a user does it: fetched once
        from /.well-known/countersign-server-key.json and given with --server-key."""
        key_file = self.data_dir.parent / "pinned-server-key.json"
        if not key_file.exists():
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/.well-known/countersign-server-key.json", timeout=10) as response:
                key_file.write_bytes(response.read())
        return self.cli("verify", bundle, "--server-key", str(key_file), check=False)

    def invite(self, name: str, roles: list[str] | None = None) -> dict:
        """A new member and invitation: {"member","token","link"}."""
        arguments = ["admin", "invite", "--name", name, "--json"]
        for role in roles or []:
            arguments += ["--role", role]
        return json.loads(self.cli(*arguments).stdout)

    def get_json(self, path: str, cookie: str | None = None) -> tuple[int, dict]:
        """A GET to the API, optionally with a member's session cookie; (status, body)."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", headers={"Accept": "application/json"})
        if cookie:
            request.add_header("Cookie", f"countersign_session={cookie}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def delete_sessions(self, member_id: str) -> int:
        """Ends a member's sessions on the server by deleting them from the SQLite database, as
        an idle or absolute timeout would; returns how many were deleted."""
        import sqlite3

        with contextlib.closing(sqlite3.connect(self.data_dir / "countersign.sqlite", timeout=10)) as db:
            with db:
                return db.execute("DELETE FROM sessions WHERE member = ?", (member_id,)).rowcount

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._log.close()


# --- one member's browser -------------------------------------------------------------------


class Member:
    """One person: a headless chromium with its own profile and a virtual passkey authenticator."""

    def __init__(self, run: "Run", name: str, *, prf: bool = True):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.run = run
        self.name = name
        base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "member"
        # Two members may share a name (namesakes): each browser still gets its own profile.
        self.slug, count = base, 1
        while (run.scratch / f"downloads-{self.slug}").exists():
            count += 1
            self.slug = f"{base}-{count}"
        self.profile_dir = run.scratch / f"profile-{self.slug}"
        self.download_dir = run.scratch / f"downloads-{self.slug}"
        self.download_dir.mkdir(parents=True, exist_ok=True)
        self.member_id: str | None = None
        self.invitation: dict | None = None
        self._seen_log: list[dict] = []

        options = webdriver.ChromeOptions()
        options.binary_location = run.chromium
        for argument in [
            "--headless=new", f"--user-data-dir={self.profile_dir}", "--disable-dev-shm-usage", "--disable-gpu",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
            "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
            "--password-store=basic", "--window-size=1200,1400",
        ]:
            options.add_argument(argument)
        if os.geteuid() == 0:
            # Chromium refuses to run as root with its sandbox on; CI runs as root.
            options.add_argument("--no-sandbox")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        options.add_experimental_option("prefs", {
            "download.default_directory": str(self.download_dir),
            "download.prompt_for_download": False,
        })
        service = Service(executable_path=run.chromedriver, log_output=str(run.scratch / f"chromedriver-{self.slug}.log"))
        self.driver = webdriver.Chrome(options=options, service=service)
        self.driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT_S)
        self.driver.set_script_timeout(SCRIPT_TIMEOUT_S)
        self.cdp("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(self.download_dir)})
        self.cdp("WebAuthn.enable", {"enableUI": False})
        self.prf = prf
        self._add_authenticator(prf)

    # DevTools and the authenticator

    def cdp(self, command: str, parameters: dict | None = None) -> dict:
        return self.driver.execute_cdp_cmd(command, parameters or {})

    def _add_authenticator(self, prf: bool) -> None:
        self.authenticator_id = self.cdp("WebAuthn.addVirtualAuthenticator", {"options": {
            "protocol": "ctap2", "ctap2Version": "ctap2_1", "transport": "internal",
            "hasResidentKey": True, "hasUserVerification": True, "isUserVerified": True, "hasPrf": prf,
            "automaticPresenceSimulation": True, "defaultBackupEligibility": True, "defaultBackupState": True,
        }})["authenticatorId"]

    def set_user_verified(self, verified: bool) -> None:
        """With False, the authenticator refuses every request needing UV: the browser reports
        NotAllowedError, exactly as when a person cancels the passkey prompt. Failed user
        verifications count against the authenticator's retries and it locks up, as a real one
        does, so True replaces it by a fresh authenticator holding the same credentials."""
        if verified:
            credentials = self.credentials()
            self.cdp("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": self.authenticator_id})
            self._add_authenticator(self.prf)
            for credential in credentials:
                self._add_credential(credential)
            return
        self.cdp("WebAuthn.setUserVerified", {"authenticatorId": self.authenticator_id, "isUserVerified": verified})

    def refuse_passkey(self) -> None:
        """Takes the member's passkeys out of the authenticator until `allow_passkey()`: every
        passkey request then ends at once in NotAllowedError, exactly what the browser reports
        when a person cancels the prompt (or it times out)."""
        self._held_credentials = self.credentials()
        self.cdp("WebAuthn.clearCredentials", {"authenticatorId": self.authenticator_id})

    def allow_passkey(self) -> None:
        """Puts back the passkeys `refuse_passkey()` took out."""
        for credential in getattr(self, "_held_credentials", []):
            self._add_credential(credential)
        self._held_credentials = []

    def _add_credential(self, credential: dict) -> None:
        self.cdp("WebAuthn.addCredential", {"authenticatorId": self.authenticator_id, "credential": {
            key: credential[key] for key in (
                "credentialId", "isResidentCredential", "rpId", "privateKey", "userHandle", "signCount",
                "backupEligibility", "backupState") if key in credential}})

    def copy_passkeys_from(self, other: "Member") -> None:
        """Puts `other`'s passkeys into this browser's authenticator: the same person on a
        second device whose passkey is synced, but whose browser holds no signing key."""
        self.member_id = other.member_id
        for credential in other.credentials():
            self._add_credential(credential)

    def set_response_override(self, *, bad_uv: bool = False, bad_up: bool = False, bogus_signature: bool = False) -> None:
        """Makes the authenticator answer with the UV or UP flag cleared or a broken signature."""
        self.cdp("WebAuthn.setResponseOverrideBits", {
            "authenticatorId": self.authenticator_id, "isBadUV": bad_uv, "isBadUP": bad_up, "isBogusSignature": bogus_signature,
        })

    def credentials(self) -> list[dict]:
        return self.cdp("WebAuthn.getCredentials", {"authenticatorId": self.authenticator_id})["credentials"]

    def session_cookie(self) -> str | None:
        cookie = self.driver.get_cookie("countersign_session")
        return cookie["value"] if cookie else None

    # Navigation and waits

    def open(self, path: str) -> None:
        self.driver.get(self.run.server.origin + path)

    def path(self) -> str:
        return self.driver.execute_script("return location.pathname")

    def wait(self, predicate, what: str, timeout: float = WAIT_S):
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.support.ui import WebDriverWait

        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(lambda _: predicate())
        except WebDriverException as error:
            banner = self.text("#banner")
            raise ScenarioFailure(f"{self.name}: waited {timeout} s for {what} (page {self.path()}, banner {banner!r}): "
                                  f"{type(error).__name__}") from None

    def find(self, selector: str):
        from selenium.webdriver.common.by import By

        found = self.driver.find_elements(By.CSS_SELECTOR, selector)
        return found[0] if found else None

    def find_all(self, selector: str):
        from selenium.webdriver.common.by import By

        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def text(self, selector: str) -> str:
        from selenium.common.exceptions import WebDriverException

        try:
            node = self.find(selector)
            return node.text if node is not None else ""
        except WebDriverException:
            return ""

    def wait_for(self, selector: str, timeout: float = WAIT_S):
        """The first element matching `selector` once it exists and is displayed; an element
        replaced while it is looked at (a live update re-rendered the page) is looked up again."""
        from selenium.common.exceptions import StaleElementReferenceException

        def ready():
            try:
                node = self.find(selector)
                return node if node is not None and node.is_displayed() else None
            except StaleElementReferenceException:
                return None
        return self.wait(ready, f"{selector} to be shown", timeout)

    def wait_text(self, selector: str, text: str, timeout: float = WAIT_S) -> str:
        """Waits until the element's visible text contains `text`; returns the whole text."""
        return self.wait(lambda: (lambda t: t if text in t else None)(self.text(selector)),
                         f"{selector} to contain {text!r}", timeout)

    def wait_path(self, path: str, timeout: float = WAIT_S) -> None:
        self.wait(lambda: self.path() == path, f"the page {path}", timeout)

    def click(self, selector: str, timeout: float = WAIT_S) -> None:
        """Clicks the element once it is shown and enabled; an element replaced in between (the
        page re-rendered or navigated) is looked up again."""
        from selenium.common.exceptions import StaleElementReferenceException

        def clicked():
            try:
                node = self.find(selector)
                if node is None or not node.is_displayed() or not node.is_enabled():
                    return False
                node.click()
                return True
            except StaleElementReferenceException:
                return False

        self.wait(clicked, f"{selector} to be clickable", timeout)

    def fill(self, selector: str, value: str) -> None:
        node = self.wait_for(selector)
        node.clear()
        node.send_keys(value)

    def script(self, source: str, *arguments):
        return self.driver.execute_script(source, *arguments)

    # Evidence of the run

    def screenshot(self, name: str) -> Path:
        path = self.run.screenshot_dir / f"{name}.png"
        self.driver.save_screenshot(str(path))
        return path

    def console(self) -> list[dict]:
        """Browser console entries since the last call."""
        entries = self.driver.get_log("browser")
        self._seen_log.extend(entries)
        return entries

    def check_console(self, allow: list[str] | None = None) -> None:
        """Fails on SEVERE console entries, except those matching one of the `allow` patterns
        (an expected refusal logs the failed request, e.g. "status of 401")."""
        patterns = [re.compile(pattern) for pattern in allow or []]
        severe = [entry for entry in self.console()
                  if entry.get("level") == "SEVERE" and not any(p.search(entry.get("message", "")) for p in patterns)]
        expect(not severe, f"{self.name}: console errors: " + "; ".join(entry.get("message", "") for entry in severe))

    def wait_download(self, suffix: str, timeout: float = WAIT_S) -> Path:
        """The first finished download ending in `suffix`."""
        def done():
            files = [p for p in self.download_dir.iterdir() if p.name.endswith(suffix)]
            return files[0] if files else None
        return self.wait(done, f"a download ending in {suffix}", timeout)

    def quit(self) -> None:
        signal.alarm(QUIT_DEADLINE_S)
        try:
            self.driver.quit()
        except Deadline:
            print(f"{self.name}: driver.quit() took longer than {QUIT_DEADLINE_S} s", file=sys.stderr)
        except Exception as error:  # noqa: BLE001 - quitting is best effort
            print(f"{self.name}: driver.quit() failed: {error}", file=sys.stderr)
        finally:
            signal.alarm(0)

    # Web app flows every scenario needs

    def accept_invitation(self, invitation: dict | None = None, *, keep_copy: bool = False,
                          screenshot: str | None = None) -> None:
        """Opens the invitation link, registers the passkey and creates the attested signing key.
        With a PRF passkey the page then offers the key copy: `keep_copy` sets that box before
        the key is made (keycopy.js must be present for True). `screenshot` names a screenshot
        of the page before the first click."""
        invitation = invitation or self.invitation
        expect(invitation is not None, f"{self.name} has no invitation")
        self.invitation = invitation
        self.member_id = invitation["member"]
        self.driver.get(invitation["link"])
        self.wait_for("#invite-start")
        if screenshot:
            self.screenshot(screenshot)
        self.click("#invite-start")
        self.wait(lambda: self.find("#key-start") is not None or "ready" in self.text("#banner"),
                  "the passkey registration", timeout=40)
        if self.find("#key-start") is not None:
            box = self.find("#keep-copy")
            if box is not None and box.is_selected() != keep_copy:
                box.click()
            self.click("#key-start")
        self.wait_text("#banner", "ready", timeout=40)

    def sign_in(self) -> None:
        """Signs in on /login. Where the page offers passkey autofill (conditional mediation),
        Chrome's virtual authenticator answers it at once, so the login happens by itself;
        otherwise the button is used."""
        self.open("/login")
        # Path and autofill state read together: the autofill may finish (and leave the page)
        # between two separate reads.
        state = lambda: self.script("return [location.pathname, document.documentElement.dataset.autofill || null]")
        path, autofill = self.wait(lambda: (lambda s: s if s[0] != "/login" or s[1] else None)(state()), "the login page")
        if path == "/login" and autofill != "on":
            self.click("#login-button")
        self.wait(lambda: self.path() != "/login", "the login to finish")


# --- the run --------------------------------------------------------------------------------


class Run:
    """One scenario's world: a scratch folder, the server, the members' browsers."""

    def __init__(self, args, scratch: Path):
        self.binary = args.countersign
        self.chromium = args.chromium
        self.chromedriver = args.chromedriver
        self.scratch = scratch
        screenshots = args.screenshots or os.environ.get("COUNTERSIGN_SCREENSHOT_DIR")
        self.screenshot_dir = Path(screenshots) if screenshots else scratch / "screenshots"
        self.screenshot_dir.mkdir(parents=True, exist_ok=True)
        self.server: Server | None = None
        self.members: list[Member] = []
        self.web_root = args.web_root

    def start_server(self, extra_flags: list[str] | None = None) -> Server:
        flags = list(extra_flags or [])
        if self.web_root:
            flags += ["--web-root", self.web_root]
        self.server = Server(self.binary, self.scratch, flags)
        return self.server

    def member(self, name: str, roles: list[str] | None = None, *, prf: bool = True, invite: bool = True) -> Member:
        """A browser for a new member; with `invite`, the member is created and invited."""
        expect(self.server is not None, "start_server() first")
        member = Member(self, name, prf=prf)
        self.members.append(member)
        if invite:
            member.invitation = self.server.invite(name, roles)
            member.member_id = member.invitation["member"]
        return member

    def set_up_members(self, names: list[str], roles: list[str]) -> list[Member]:
        """Members with `roles`, each invited and set up from the invitation (passkey and key)."""
        members = [self.member(name, roles) for name in names]
        for member in members:
            member.accept_invitation()
        return members

    def close(self) -> None:
        for member in self.members:
            member.quit()
        if self.server is not None:
            self.server.stop()


def main(scenario, description: str | None = None) -> int:
    parser = argparse.ArgumentParser(description=(description or "").split("\n\n")[0])
    parser.add_argument("--countersign", required=True, help="the built countersign binary")
    parser.add_argument("--chromium", help="the browser (default: $COUNTERSIGN_CHROMIUM, then PATH)")
    parser.add_argument("--chromedriver", help="the driver (default: $COUNTERSIGN_CHROMEDRIVER, then PATH)")
    parser.add_argument("--deadline", type=int, default=300, help="seconds for the whole run (default 300)")
    parser.add_argument("--screenshots", help="folder for screenshots (default $COUNTERSIGN_SCREENSHOT_DIR or a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (printed) for debugging")
    parser.add_argument("--web-root", help="serve the web app from this folder (serve --web-root), e.g. pages being edited")
    try:
        args = parser.parse_args()
    except SystemExit as exit_:
        return 2 if exit_.code else 0
    args.chromium = find_executable(args.chromium, "COUNTERSIGN_CHROMIUM", ["chromium", "chromium-browser"])
    args.chromedriver = find_executable(args.chromedriver, "COUNTERSIGN_CHROMEDRIVER", ["chromedriver"])
    if not args.chromium or not args.chromedriver:
        print("chromium or chromedriver not found (COUNTERSIGN_CHROMIUM / COUNTERSIGN_CHROMEDRIVER)", file=sys.stderr)
        return 2
    if not (os.path.isfile(args.countersign) and os.access(args.countersign, os.X_OK)):
        print(f"--countersign {args.countersign} is not an executable", file=sys.stderr)
        return 2
    try:
        import selenium  # noqa: F401 - only checking that it is there
    except ImportError:
        print("selenium is not importable (scripts/test installs it into .venv)", file=sys.stderr)
        return 2

    def on_alarm(signum, frame):
        raise Deadline()

    signal.signal(signal.SIGALRM, on_alarm)
    socket.setdefaulttimeout(DRIVER_HTTP_TIMEOUT_S)
    scratch = Path(tempfile.mkdtemp(prefix="countersign-webapp-"))
    run = Run(args, scratch)
    signal.alarm(args.deadline)
    status = 0
    try:
        scenario(run)
        print("passed")
    except Deadline:
        status = 1
        print(f"the scenario took longer than {args.deadline} s", file=sys.stderr)
    except ScenarioFailure as failure:
        status = 1
        print(f"FAILED: {failure}", file=sys.stderr)
        where = [frame for frame in traceback.extract_tb(failure.__traceback__) if "harness" not in frame.filename]
        if where:
            print(f"  at {Path(where[-1].filename).name}:{where[-1].lineno}: {where[-1].line}", file=sys.stderr)
    except Exception as error:  # noqa: BLE001 - a WebDriver failure is a failed scenario, with its trace
        status = 1
        print(f"FAILED: {type(error).__name__}: {error}", file=sys.stderr)
        traceback.print_exc()
    finally:
        signal.alarm(0)
        if status and run.server is not None:
            print(f"server log:\n{run.server.log_tail()}", file=sys.stderr)
        run.close()
        if args.keep or status:
            print(f"scratch folder: {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return status
