#!/usr/bin/env python3
"""WebAuthn ceremonies in a real browser, for Countersign's relying-party verifier.

Drives Debian's chromium through chromium-driver (selenium), with Chrome's virtual authenticator
(the DevTools WebAuthn domain) standing in for a platform passkey: CTAP 2.1, internal transport,
resident keys, user verification, PRF (hmac-secret), and backup flags set per credential. For
each credential algorithm it performs

  1. a registration: navigator.credentials.create with options parsed from the W3C JSON form
     (PublicKeyCredential.parseCreationOptionsFromJSON), pubKeyCredParams restricted to that one
     algorithm, residentKey and userVerification required, extensions {credProps, prf};
  2. a discoverable authentication: navigator.credentials.get with allowCredentials [] and
     userVerification required, evaluating the PRF with a random salt;

and writes each response, serialised by credential.toJSON() exactly as a browser would send it
to the Countersign API, into OUT_DIR, together with ceremonies.json (the challenges, the origin,
the RP ID, the authenticator settings and what the browser reported). Verifying the responses is
not this script's job: the Swift suite BrowserWebAuthnTests hands them to
`countersign webauthn inspect`. The script only checks what the browser itself must have done
(the extension outputs, the algorithm, the flags byte) so that a browser that quietly ignores a
feature is reported here, by name, instead of as a confusing verification failure later.

The page is served from Tests/browser/static by Python's http.server, bound to 127.0.0.1 on a
free port, and opened as http://localhost:PORT: "localhost" is a secure context, so it is a valid
RP ID without TLS. The page runs under a strict Content-Security-Policy (scripts from 'self'
only), which the Countersign web app must also live with.

Usage:
    webauthn_ceremonies.py OUT_DIR [--algorithms es256,ed25519,rs256]
        [--chromium PATH] [--chromedriver PATH] [--deadline SECONDS] [--attestation none|direct]

Chromium and chromedriver default to COUNTERSIGN_CHROMIUM and COUNTERSIGN_CHROMEDRIVER (exported
by scripts/test), then to `chromium` and `chromedriver` on PATH. Selenium is never allowed to
download a driver or a browser.

Exit status: 0 every ceremony done and checked; 1 a ceremony failed or the browser left out a
feature (the reason is on stderr and in ceremonies.json); 2 bad usage or no browser; 3 the
script itself crashed (traceback on stderr).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import http.server
import json
import os
import secrets
import shutil
import signal
import socket
import sys
import tempfile
import threading
import traceback
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"

RP_ID = "localhost"

# One virtual authenticator per algorithm, so that each discoverable assertion has exactly one
# credential to choose from. The backup flags differ on purpose: a verifier that reports the
# flags from anywhere but the authenticator data cannot match all three.
ALGORITHMS: dict[str, dict] = {
    "es256": {"alg": -7, "backupEligibility": True, "backupState": True},
    "ed25519": {"alg": -8, "backupEligibility": True, "backupState": False},
    "rs256": {"alg": -257, "backupEligibility": False, "backupState": False},
}

# Every wait is bounded: the WebAuthn calls themselves, each WebDriver command, each HTTP request
# to chromedriver, and the whole run (SIGALRM).
CEREMONY_TIMEOUT_MS = 20_000
SCRIPT_TIMEOUT_S = 40
PAGE_LOAD_TIMEOUT_S = 30
DRIVER_HTTP_TIMEOUT_S = 60
QUIT_DEADLINE_S = 45

# The page's policy: no inline script, no eval, nothing from elsewhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'"
)

FLAG_UP, FLAG_UV, FLAG_BE, FLAG_BS, FLAG_AT, FLAG_ED = 0x01, 0x04, 0x08, 0x10, 0x40, 0x80


class CeremonyError(Exception):
    """A ceremony failed, or the browser's response lacks something the test asked for."""


class Deadline(BaseException):
    """The whole run took longer than --deadline. A BaseException, so that no `except Exception`
    (or contextlib.suppress(Exception)) on the way can swallow it."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not isinstance(text, str) or any(c in text for c in "+/="):
        raise CeremonyError(f"not base64url: {text!r}")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# --- the static page ------------------------------------------------------------------------


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(STATIC_DIR), **kwargs)

    def do_GET(self):
        if self.path == "/favicon.ico":
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()

    def end_headers(self):
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def static_server():
    """Serves Tests/browser/static on 127.0.0.1 (a free port) until the block ends."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), StaticHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- the browser ----------------------------------------------------------------------------


def find_executable(explicit: str | None, env_name: str, names: list[str]) -> str | None:
    for candidate in [explicit, os.environ.get(env_name)]:
        if candidate:
            return candidate if os.path.isfile(candidate) and os.access(candidate, os.X_OK) else None
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def start_driver(chromium: str, chromedriver: str, profile_dir: str, log_path: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in [
        "--headless=new",
        f"--user-data-dir={profile_dir}",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-sync",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--password-store=basic",
        "--window-size=800,600",
    ]:
        options.add_argument(argument)
    if os.geteuid() == 0:
        # Chromium refuses to run as root with its sandbox on; CI runs as root.
        options.add_argument("--no-sandbox")
    # A service path makes selenium skip Selenium Manager: nothing is downloaded.
    service = Service(executable_path=chromedriver, log_output=log_path)
    driver = webdriver.Chrome(options=options, service=service)
    try:
        driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT_S)
        driver.set_script_timeout(SCRIPT_TIMEOUT_S)
    except BaseException:
        driver.quit()
        raise
    return driver


CALL_PAGE = """
const [name, argument, done] = arguments;
const ceremonies = window.countersignCeremonies;
if (!ceremonies) { done({ok: false, step: name, name: 'NotLoaded', message: 'the page module did not load'}); return; }
ceremonies[name](argument).then(done, (error) => done({ok: false, step: name,
    name: String(error && error.name), message: String(error && error.message)}));
"""


def call_page(driver, name: str, argument=None) -> dict:
    result = driver.execute_async_script(CALL_PAGE, name, argument)
    if not isinstance(result, dict):
        raise CeremonyError(f"{name}: the page returned {result!r}")
    return result


def cdp(driver, command: str, params: dict | None = None) -> dict:
    return driver.execute_cdp_cmd(command, params or {})


# --- the ceremonies -------------------------------------------------------------------------


def flags_of(authenticator_data_b64: str) -> dict:
    data = b64url_decode(authenticator_data_b64)
    if len(data) < 37:
        raise CeremonyError(f"authenticator data is {len(data)} bytes")
    flags = data[32]
    return {
        "up": bool(flags & FLAG_UP),
        "uv": bool(flags & FLAG_UV),
        "be": bool(flags & FLAG_BE),
        "bs": bool(flags & FLAG_BS),
        "at": bool(flags & FLAG_AT),
        "ed": bool(flags & FLAG_ED),
        "signCount": int.from_bytes(data[33:37], "big"),
    }


def expect(condition: bool, what: str):
    if not condition:
        raise CeremonyError(what)


def run_ceremony(driver, name: str, spec: dict, attestation: str, out_dir: Path) -> dict:
    alg = spec["alg"]
    record: dict = {
        "name": name,
        "alg": alg,
        "authenticator": {
            "protocol": "ctap2",
            "ctap2Version": "ctap2_1",
            "transport": "internal",
            "hasResidentKey": True,
            "hasUserVerification": True,
            "isUserVerified": True,
            "hasPrf": True,
            "backupEligibility": spec["backupEligibility"],
            "backupState": spec["backupState"],
        },
    }
    authenticator_id = cdp(
        driver,
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "ctap2Version": "ctap2_1",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "hasPrf": True,
                "automaticPresenceSimulation": True,
                "defaultBackupEligibility": spec["backupEligibility"],
                "defaultBackupState": spec["backupState"],
            }
        },
    )["authenticatorId"]
    try:
        # Registration.
        user_id = secrets.token_bytes(16)
        challenge = b64url(secrets.token_bytes(32))
        creation = {
            "rp": {"id": RP_ID, "name": "Countersign browser test"},
            "user": {"id": b64url(user_id), "name": f"{name}@countersign.test", "displayName": f"Browser test {name}"},
            "challenge": challenge,
            "pubKeyCredParams": [{"type": "public-key", "alg": alg}],
            "timeout": CEREMONY_TIMEOUT_MS,
            "authenticatorSelection": {
                "residentKey": "required",
                "requireResidentKey": True,
                "userVerification": "required",
            },
            "attestation": attestation,
            "extensions": {"credProps": True, "prf": {}},
        }
        record["registration"] = {"challenge": challenge, "options": creation, "response": f"{name}-registration.json"}
        result = call_page(driver, "register", creation)
        if not result.get("ok"):
            raise CeremonyError(
                f"registration with alg {alg} failed in {result.get('step')}: {result.get('name')}: {result.get('message')}"
            )
        response = result["response"]
        (out_dir / f"{name}-registration.json").write_text(json.dumps(response, indent=2) + "\n")
        registration_flags = flags_of(response["response"]["authenticatorData"])
        record["registration"]["observed"] = {"flags": registration_flags, "extensions": result["extensions"]}

        expect(response.get("type") == "public-key", f"registration type is {response.get('type')!r}")
        expect(response["response"].get("publicKeyAlgorithm") == alg,
               f"registration made a key with alg {response['response'].get('publicKeyAlgorithm')}, not {alg}")
        extensions = result["extensions"]
        expect(response.get("clientExtensionResults") == extensions,
               f"toJSON() clientExtensionResults {response.get('clientExtensionResults')} differ from "
               f"getClientExtensionResults() {extensions}")
        expect(extensions.get("credProps", {}).get("rk") is True,
               f"credProps.rk is not true (discoverable credential not confirmed): {extensions.get('credProps')}")
        expect(extensions.get("prf", {}).get("enabled") is True,
               f"PRF not enabled at registration (prf output: {extensions.get('prf')})")
        expect(registration_flags["at"], "registration authenticator data lacks attested credential data (AT)")
        expect(registration_flags["up"] and registration_flags["uv"], f"registration flags: {registration_flags}")
        expect(registration_flags["be"] == spec["backupEligibility"] and registration_flags["bs"] == spec["backupState"],
               f"registration BE/BS are {registration_flags['be']}/{registration_flags['bs']}, "
               f"configured {spec['backupEligibility']}/{spec['backupState']}")

        stored = cdp(driver, "WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]
        expect(len(stored) == 1, f"the virtual authenticator holds {len(stored)} credentials, not 1")
        expect(stored[0].get("isResidentCredential") is True, "the virtual authenticator's credential is not resident")
        record["registration"]["virtualCredential"] = {
            "isResidentCredential": stored[0].get("isResidentCredential"),
            "signCount": stored[0].get("signCount"),
            "backupEligibility": stored[0].get("backupEligibility"),
            "backupState": stored[0].get("backupState"),
        }

        # Discoverable authentication with a PRF evaluation.
        challenge = b64url(secrets.token_bytes(32))
        salt = b64url(secrets.token_bytes(32))
        request = {
            "challenge": challenge,
            "rpId": RP_ID,
            "allowCredentials": [],
            "userVerification": "required",
            "timeout": CEREMONY_TIMEOUT_MS,
            "extensions": {"prf": {"eval": {"first": salt}}},
        }
        record["authentication"] = {"challenge": challenge, "options": request, "response": f"{name}-authentication.json"}
        result = call_page(driver, "authenticate", request)
        if not result.get("ok"):
            raise CeremonyError(
                f"authentication with alg {alg} failed in {result.get('step')}: {result.get('name')}: {result.get('message')}"
            )
        assertion = result["response"]
        (out_dir / f"{name}-authentication.json").write_text(json.dumps(assertion, indent=2) + "\n")
        assertion_flags = flags_of(assertion["response"]["authenticatorData"])
        record["authentication"]["observed"] = {"flags": assertion_flags, "extensions": result["extensions"]}

        expect(assertion.get("clientExtensionResults") == result["extensions"],
               "toJSON() clientExtensionResults differ from getClientExtensionResults() in the assertion")
        expect(assertion.get("id") == response.get("id"), "the assertion names another credential")
        expect(assertion["response"].get("userHandle") == b64url(user_id), "the assertion's userHandle is not the user id")
        prf_first = result["extensions"].get("prf", {}).get("results", {}).get("first")
        expect(prf_first is not None, f"no PRF result in the assertion (prf output: {result['extensions'].get('prf')})")
        expect(len(b64url_decode(prf_first)) == 32, "the PRF result is not 32 bytes")
        expect(assertion_flags["up"] and assertion_flags["uv"], f"assertion flags: {assertion_flags}")
        expect(assertion_flags["be"] == spec["backupEligibility"] and assertion_flags["bs"] == spec["backupState"],
               f"assertion BE/BS are {assertion_flags['be']}/{assertion_flags['bs']}, "
               f"configured {spec['backupEligibility']}/{spec['backupState']}")
        record["ok"] = True
    except CeremonyError as error:
        record["ok"] = False
        record["error"] = str(error)
    finally:
        with contextlib.suppress(Exception):
            cdp(driver, "WebAuthn.removeVirtualAuthenticator", {"authenticatorId": authenticator_id})
    return record


def run(args) -> int:
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    names = [name.strip() for name in args.algorithms.split(",") if name.strip()]
    unknown = [name for name in names if name not in ALGORITHMS]
    if unknown or not names:
        print(f"webauthn_ceremonies.py: unknown algorithm(s) {unknown}; known: {', '.join(ALGORITHMS)}", file=sys.stderr)
        return 2

    chromium = find_executable(args.chromium, "COUNTERSIGN_CHROMIUM", ["chromium", "chromium-browser"])
    chromedriver = find_executable(args.chromedriver, "COUNTERSIGN_CHROMEDRIVER", ["chromedriver"])
    if not chromium or not chromedriver:
        print(f"webauthn_ceremonies.py: chromium ({chromium}) or chromedriver ({chromedriver}) not found "
              "(scripts/test installs Debian's chromium and chromium-driver)", file=sys.stderr)
        return 2
    try:
        import selenium  # noqa: F401 - only checking that it is there
    except ImportError:
        print("webauthn_ceremonies.py: selenium is not importable (scripts/test installs it into .venv)", file=sys.stderr)
        return 2

    from selenium.common.exceptions import WebDriverException

    manifest: dict = {"rpId": RP_ID, "ceremonies": []}
    # Every HTTP request selenium sends to chromedriver gets this timeout (selenium's own default
    # is none at all).
    socket.setdefaulttimeout(DRIVER_HTTP_TIMEOUT_S)
    try:
        with static_server() as port, tempfile.TemporaryDirectory(
            prefix="countersign-chromium-", ignore_cleanup_errors=True
        ) as scratch:
            origin = f"http://localhost:{port}"
            manifest["origin"] = origin
            log_path = os.path.join(scratch, "chromedriver.log")
            driver = None
            try:
                driver = start_driver(chromium, chromedriver, os.path.join(scratch, "profile"), log_path)
                capabilities = driver.capabilities
                manifest["browser"] = {
                    "name": capabilities.get("browserName"),
                    "version": capabilities.get("browserVersion"),
                    "chromedriver": (capabilities.get("chrome") or {}).get("chromedriverVersion", "").split(" ")[0],
                    "path": chromium,
                }
                driver.get(origin + "/")
                if driver.execute_script("return document.documentElement.dataset.ready") != "true":
                    raise CeremonyError("the page's module did not load (Content-Security-Policy or a script error?)")
                manifest["browser"]["page"] = call_page(driver, "capabilities")
                cdp(driver, "WebAuthn.enable", {"enableUI": False})
                for name in names:
                    record = run_ceremony(driver, name, ALGORITHMS[name], args.attestation, out_dir)
                    manifest["ceremonies"].append(record)
                    print(f"{name} (alg {record['alg']}): " + ("ok" if record["ok"] else f"FAILED: {record['error']}"))
            except (CeremonyError, Deadline, WebDriverException) as error:
                manifest["error"] = (
                    f"the run took longer than {args.deadline} s" if isinstance(error, Deadline)
                    else f"{type(error).__name__}: {error}".strip()
                )
                with contextlib.suppress(OSError):
                    manifest["chromedriverLog"] = Path(log_path).read_text(errors="replace").splitlines()[-20:]
            finally:
                if driver is not None:
                    signal.alarm(QUIT_DEADLINE_S)  # quitting is bounded too
                    try:
                        driver.quit()
                    except Deadline:
                        print(f"webauthn_ceremonies.py: driver.quit() took longer than {QUIT_DEADLINE_S} s",
                              file=sys.stderr)
                    finally:
                        signal.alarm(0)
    finally:
        (out_dir / "ceremonies.json").write_text(json.dumps(manifest, indent=2) + "\n")

    if manifest.get("error"):
        print(f"webauthn_ceremonies.py: {manifest['error']}", file=sys.stderr)
        for line in manifest.get("chromedriverLog", []):
            print(f"  chromedriver: {line}", file=sys.stderr)
        return 1
    failures = [record for record in manifest["ceremonies"] if not record["ok"]]
    for record in failures:
        print(f"webauthn_ceremonies.py: {record['name']}: {record['error']}", file=sys.stderr)
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", help="directory for the responses and ceremonies.json")
    parser.add_argument("--algorithms", default=",".join(ALGORITHMS), help="comma-separated: " + ", ".join(ALGORITHMS))
    parser.add_argument("--chromium", help="the browser (default: $COUNTERSIGN_CHROMIUM, then chromium on PATH)")
    parser.add_argument("--chromedriver", help="the driver (default: $COUNTERSIGN_CHROMEDRIVER, then PATH)")
    parser.add_argument("--deadline", type=int, default=240, help="seconds for the whole run (default 240)")
    parser.add_argument("--attestation", choices=["none", "direct"], default="none",
                        help="attestation conveyance preference (default none)")
    try:
        args = parser.parse_args()
    except SystemExit as exit_:
        return 2 if exit_.code else 0

    def on_alarm(signum, frame):
        raise Deadline()

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(args.deadline)
    try:
        return run(args)
    except Deadline:
        print(f"webauthn_ceremonies.py: the run took longer than {args.deadline} s", file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit:
        raise
    except BaseException:  # noqa: BLE001 - exit 3 means "the script crashed", never "refused"
        traceback.print_exc()
        sys.exit(3)
