#!/usr/bin/env python3
"""The encrypted key copy in the browser (issue 7's PRF must-show).

1. A member sets up from the invitation with "Keep an encrypted copy" ticked: the passkey
   (virtual authenticator with PRF) attests the key and keycopy.js stores the sealed copy.
2. The database holds no private key material: with python's sqlite3 (the server's WAL is read
   too), every row of every table is checked: no value contains the PKCS #8 prefix of an Ed25519
   or P-256 private key, no text value is a JWK with a private member "d", and the one key_copies
   row has the sizes of the format (salt 32, iv 12, ciphertext = a PKCS #8 key + 16-byte tag,
   credential_id = the passkey's id).
3. Restore on a "new device": Chrome's virtual authenticator does NOT carry a credential's PRF
   secret across WebAuthn.getCredentials/addCredential (checked first, below: the copied
   credential yields no PRF output in a second browser), so the new device is the same browser
   and authenticator with every piece of site data for the origin cleared
   (Storage.clearDataForOrigin "all": cookies, IndexedDB, caches) and a new session. The account
   page offers "Restore my key from its encrypted copy"; one passkey prompt restores it, and the
   member approves a statement with it (vote accepted; the evidence verifies offline with
   `countersign verify`).
4. The account page replaces the key: a new key attested by the passkey with a new sealed copy;
   the old key is revoked and its copy deleted.

Run by Tests/CountersignBrowserTests/BrowserAccountTests.swift; see harness.py for the arguments.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from harness import expect  # noqa: E402

# PKCS #8 PrivateKeyInfo prefixes: Ed25519 (RFC 8410) and EC P-256 as WebCrypto exports them.
PRIVATE_PREFIXES = [bytes.fromhex("302e020100300506032b657004220420"), bytes.fromhex("308187020100301306072a8648ce3d020106082a8648ce3d030107")]
PKCS8_SIZES = {48, 138}
PRIVATE_JWK = re.compile(r'"d"\s*:')

PRF_PROBE = """
const [id, done] = [arguments[0], arguments[arguments.length - 1]];
const bytes = (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4)), (c) => c.charCodeAt(0));
navigator.credentials.get({publicKey: {challenge: new Uint8Array(32), rpId: 'localhost', userVerification: 'required',
  allowCredentials: [{type: 'public-key', id: bytes(id)}],
  extensions: {prf: {evalByCredential: {[id]: {first: new Uint8Array(32).fill(7)}}}}}})
  .then((c) => { const r = c.getClientExtensionResults(); const f = r.prf && r.prf.results && r.prf.results.first;
                 done(f ? btoa(String.fromCharCode(...new Uint8Array(f))) : null); }, (e) => done('error: ' + e.name));
"""


def api_post(server, path: str, body: dict, cookie: str) -> tuple[int, dict]:
    request = urllib.request.Request(f"http://127.0.0.1:{server.port}{path}", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Origin": server.origin,
                                              "Cookie": f"countersign_session={cookie}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def check_database(path: Path, credential_id: bytes) -> None:
    """No private key material anywhere; the copy row has the format's sizes."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        expect("key_copies" in tables, f"no key_copies table in {tables}")
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    data = value if isinstance(value, bytes) else str(value).encode() if value is not None else b""
                    for prefix in PRIVATE_PREFIXES:
                        expect(prefix not in data and prefix.hex().encode() not in data.lower(),
                               f"table {table} holds a PKCS #8 private key")
                    if isinstance(value, str) and '"kty"' in value:
                        expect(not PRIVATE_JWK.search(value), f"table {table} holds a JWK with a private member: {value[:120]}")
        copies = connection.execute("SELECT credential_id, salt, iv, ciphertext FROM key_copies").fetchall()
        expect(len(copies) == 1, f"expected one key copy, found {len(copies)}")
        credential, salt, iv, ciphertext = copies[0]
        expect(bytes(credential) == credential_id, "the copy names another passkey")
        expect(len(salt) == 32 and len(iv) == 12, f"salt {len(salt)} bytes, iv {len(iv)} bytes")
        expect(len(ciphertext) - 16 in PKCS8_SIZES, f"ciphertext of {len(ciphertext)} bytes is not a sealed PKCS #8 key")
    finally:
        connection.close()


def b64url_decode(text: str) -> bytes:
    import base64
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_in(member: harness.Member) -> None:
    """Signs in on /login: the page's passkey autofill (conditional mediation) may already do it
    with the virtual authenticator; otherwise the button does."""
    member.open("/login")

    def done_or_button():
        from selenium.common.exceptions import StaleElementReferenceException

        try:
            if member.path() != "/login":
                return "done"
            button = member.find("#login-button")
            return "button" if button is not None and button.is_displayed() and button.is_enabled() else None
        except StaleElementReferenceException:
            return None  # the page is changing (the autofill signed in); ask again

    if member.wait(done_or_button, "the login page") == "button":
        try:
            member.find("#login-button").click()
        except Exception:  # noqa: BLE001 - the autofill may have signed in and left the page meanwhile
            pass
    member.wait(lambda: member.path() != "/login", "the login to finish")


def scenario(run: harness.Run) -> None:
    server = run.start_server()
    dana = run.member("Dana", ["partner"])
    dana.accept_invitation(dana.invitation, keep_copy=True)
    dana.screenshot("keycopy-setup")
    dana.check_console(allow=[r"favicon\.ico"])

    cookie = dana.session_cookie()
    expect(cookie is not None, "no session after the invitation")
    status, keys = server.get_json("/api/keys", cookie)
    expect(status == 200 and len(keys["keys"]) == 1, f"keys: {status} {keys}")
    kid = keys["keys"][0]["kid"]
    status, copies = server.get_json("/api/keys/copies", cookie)
    expect(status == 200 and [c["kid"] for c in copies["copies"]] == [kid], f"copies: {status} {copies}")
    credentials = dana.credentials()
    expect(len(credentials) == 1, f"{len(credentials)} credentials in the authenticator")
    credential_id = b64url_decode(credentials[0]["credentialId"].replace("+", "-").replace("/", "_").rstrip("="))
    expect(copies["copies"][0]["credentialId"] == credentials[0]["credentialId"].replace("+", "-").replace("/", "_").rstrip("="),
           "the copy is not sealed by the member's passkey")
    check_database(server.data_dir / "countersign.sqlite", credential_id)

    # Does a copied credential keep its PRF secret in another browser? (It does not in Chrome's
    # virtual authenticator; the fresh-context fallback below is then the new device.)
    other = run.member("Dana elsewhere", invite=False)
    other.open("/healthz")
    other.cdp("WebAuthn.addCredential", {"authenticatorId": other.authenticator_id, "credential": credentials[0]})
    transferred = other.driver.execute_async_script(PRF_PROBE, copies["copies"][0]["credentialId"])
    dana.open("/healthz")
    original = dana.driver.execute_async_script(PRF_PROBE, copies["copies"][0]["credentialId"])
    expect(original is not None and not str(original).startswith("error"), f"the original passkey gives no PRF output: {original}")
    print(f"PRF after WebAuthn.addCredential in another browser: {'same output' if transferred == original else 'not carried'}")

    # A new device: this browser with all site data gone, same passkey.
    dana.cdp("Storage.clearDataForOrigin", {"origin": server.origin, "storageTypes": "all"})
    dana.driver.delete_all_cookies()
    dana.open("/healthz")
    left = dana.driver.execute_async_script(
        "const done = arguments[arguments.length - 1]; indexedDB.databases().then((list) => done(list.map((d) => d.name)), (e) => done([String(e)]))")
    expect(left == [] and dana.session_cookie() is None, f"site data left after clearing: databases {left}, cookie {dana.session_cookie()}")
    sign_in(dana)
    # The dashboard finds no key in this browser and says so (and its IndexedDB read is over).
    dana.wait_text("#key-banner", "account page")
    dana.open("/account")
    status_text = dana.wait(lambda: (lambda t: t if t and "Checking" not in t else None)(dana.text("#device-status")), "the device status")
    expect("encrypted copy" in status_text, f"the account page says {status_text!r} in a browser without the key")
    expect(dana.find(f'tr[data-kid="{kid}"] .on-device') is None, "the cleared browser still claims the key")
    dana.screenshot("account-restore-offered")
    dana.click("#restore-key")
    dana.wait_text("#banner", "restored", timeout=40)
    dana.wait_for(f'tr[data-kid="{kid}"] .on-device')
    dana.screenshot("account")

    # Approve with the restored key.
    status, created = api_post(server, "/api/statements", {
        "title": "Restored key approves", "content": {"amount": 1},
        "policy": {"threshold": 1, "signers": [{"role": "partner", "weight": 1}]},
    }, dana.session_cookie())
    expect(status == 201, f"statement: {status} {created}")
    statement = created["statement"]["id"]
    dana.open(f"/statements/{statement}")
    dana.click("#approve")
    dana.click("#dialog-confirm")
    dana.wait_text("#banner", "approval is signed", timeout=40)
    status, view = server.get_json(f"/api/statements/{statement}", dana.session_cookie())
    expect(status == 200 and view["state"] == "approved", f"statement: {status} {view.get('state')}")
    votes = view["votes"]
    expect(len(votes) == 1 and votes[0]["kid"] == kid, f"votes: {votes}")
    bundle = run.scratch / "restored-key-evidence.json"
    request = urllib.request.Request(f"http://127.0.0.1:{server.port}/api/statements/{statement}/evidence",
                                     headers={"Cookie": f"countersign_session={dana.session_cookie()}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        bundle.write_bytes(response.read())
    result = server.verify(str(bundle))
    expect(result.returncode == 0, f"countersign verify exited {result.returncode}:\n{result.stdout}{result.stderr}")

    # Replacing the key from the account page: a new key with a new copy; the old key and its
    # copy are gone.
    dana.open("/account")
    dana.click(f'tr[data-kid="{kid}"] .rotate-key')
    dana.click("#dialog-confirm")
    dana.wait_text("#banner", "encrypted copy is kept", timeout=40)
    status, keys = server.get_json("/api/keys", dana.session_cookie())
    live = [key["kid"] for key in keys["keys"] if key["revokedAt"] is None]
    expect(status == 200 and len(live) == 1 and live[0] != kid, f"keys after the replacement: {keys}")
    status, copies = server.get_json("/api/keys/copies", dana.session_cookie())
    expect([copy["kid"] for copy in copies["copies"]] == live, f"copies after the replacement: {copies}")
    dana.wait_for(f'tr[data-kid="{live[0]}"] .on-device')
    dana.check_console(allow=[r"favicon\.ico"])


if __name__ == "__main__":
    sys.exit(harness.main(scenario, __doc__))
