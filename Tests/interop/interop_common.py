"""Shared plumbing for the JOSE interop scripts in this directory.

The scripts are run by the Swift test suite (Tests/CountersignInteropTests; the
server's end-to-end test runs joserfc_verify.py too) as plain subprocesses, so
their whole interface is the exit code and one line of text:

    0  verified (or, for the signer, the files were written)
    1  not verified: at least one signature failed, or no key matched it
    2  bad usage or unreadable input (missing file, not JSON, not a JWS)
    3  the script itself failed (a traceback follows); never a verdict

The split between 1 and 2 mirrors `countersign jws verify`: a readable
envelope whose signatures do not check out is a verdict, an envelope we could
not even parse is not.
"""

from __future__ import annotations

import base64
import json
import re
import sys
import traceback
from typing import Any, Callable, NoReturn

EXIT_VERIFIED = 0
EXIT_NOT_VERIFIED = 1
EXIT_UNREADABLE = 2
EXIT_INTERNAL_ERROR = 3

# Asymmetric JWS algorithms a Countersign envelope may carry (docs/formats.md
# emits "Ed25519" and accepts "EdDSA"). HMAC and "none" are deliberately left
# out: a member signature made with a shared secret proves nothing about who
# approved, so an interop verifier that accepted one would hide a bug.
SIGNATURE_ALGORITHMS = [
    "Ed25519",
    "EdDSA",
    "ES256",
    "ES384",
    "ES512",
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
]


class Unreadable(Exception):
    """Input that cannot be interpreted at all (exit 2)."""


class NotVerified(Exception):
    """A readable envelope that does not verify (exit 1)."""


def run(main: Any) -> NoReturn:
    """Call `main()` and turn its outcome into the exit-code contract."""
    try:
        main()
    except Unreadable as error:
        print(f"unreadable: {error}", file=sys.stderr)
        sys.exit(EXIT_UNREADABLE)
    except NotVerified as error:
        print(f"not verified: {error}", file=sys.stderr)
        sys.exit(EXIT_NOT_VERIFIED)
    except Exception:
        # Python's own exit status for an uncaught exception is 1, which would
        # read as "not verified" and let a broken script pass a tamper test.
        traceback.print_exc()
        sys.exit(EXIT_INTERNAL_ERROR)
    sys.exit(EXIT_VERIFIED)


_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


def b64url_decode(text: str) -> bytes:
    """Strict base64url without padding, as RFC 7515 section 2 requires."""
    if not isinstance(text, str) or not _BASE64URL.fullmatch(text) or len(text) % 4 == 1:
        raise ValueError("not unpadded base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def load_json(path: str, what: str) -> Any:
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as error:
        raise Unreadable(f"{what} {path}: {error.strerror}") from error
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise Unreadable(f"{what} {path} is not JSON: {error}") from error


def load_envelope(path: str) -> tuple[str, list[dict[str, Any]]]:
    """Return (payload segment, signature objects) of a General or flattened
    JWS JSON serialization. A flattened JWS becomes a one-element list."""
    document = load_json(path, "envelope")
    if not isinstance(document, dict):
        raise Unreadable("envelope is not a JSON object")
    payload = document.get("payload")
    if not isinstance(payload, str):
        raise Unreadable("envelope has no string 'payload'")
    try:
        b64url_decode(payload)
    except ValueError as error:
        raise Unreadable(f"envelope payload is not base64url: {error}") from error
    if "signatures" in document:
        signatures = document["signatures"]
        if not isinstance(signatures, list) or not all(isinstance(s, dict) for s in signatures):
            raise Unreadable("'signatures' is not an array of objects")
    elif "signature" in document:
        signatures = [{k: document[k] for k in ("protected", "header", "signature") if k in document}]
    else:
        raise Unreadable("envelope has neither 'signatures' nor 'signature'")
    for signature in signatures:
        if not isinstance(signature.get("signature"), str):
            raise Unreadable("a signature object has no string 'signature'")
    # An empty list is readable but proves nothing; some libraries (joserfc)
    # would report it as verified, so refuse it here for every verifier.
    if not signatures:
        raise NotVerified("envelope has no signatures")
    return payload, signatures


def load_jwks(path: str) -> list[dict[str, Any]]:
    """Return the JWKs of a JWK Set file; a bare JWK is accepted too, as
    `countersign jws verify --jwks` does."""
    document = load_json(path, "JWKS")
    if isinstance(document, dict) and "keys" in document:
        keys = document["keys"]
    elif isinstance(document, dict) and "kty" in document:
        keys = [document]
    else:
        raise Unreadable("JWKS is neither {\"keys\":[...]} nor a single JWK")
    if not isinstance(keys, list) or not all(isinstance(k, dict) for k in keys):
        raise Unreadable("JWKS 'keys' is not an array of objects")
    if not keys:
        raise Unreadable("JWKS has no keys")
    return keys


def signature_headers(signature: dict[str, Any]) -> dict[str, Any]:
    """Merged protected and unprotected header of one signature object; the
    protected values win. Raises NotVerified when the protected header is not
    a base64url JSON object: the envelope was readable, this signature is not."""
    merged: dict[str, Any] = {}
    header = signature.get("header")
    if header is not None:
        if not isinstance(header, dict):
            raise NotVerified("unprotected header is not an object")
        merged.update(header)
    if "protected" in signature:
        try:
            protected = json.loads(b64url_decode(signature["protected"]))
        except ValueError as error:
            raise NotVerified(f"protected header is not base64url JSON: {error}") from error
        if not isinstance(protected, dict):
            raise NotVerified("protected header is not an object")
        merged.update(protected)
    return merged


def describe(index: int, headers: dict[str, Any]) -> str:
    return f"signature {index} (alg {headers.get('alg')!r}, kid {headers.get('kid')!r})"


def headers_of(index: int, signature: dict[str, Any]) -> dict[str, Any]:
    """signature_headers() with the signature's index in any failure."""
    try:
        return signature_headers(signature)
    except NotVerified as error:
        raise NotVerified(f"signature {index}: {error}") from error


class KeyResolver:
    """Finds the JWKS key for one signature from that signature's kid.

    `import_key` turns a JWK dict into the library's key and `thumbprint` gives
    that key's RFC 7638 thumbprint; `library` names the library in messages.
    """

    def __init__(
        self,
        jwks: list[dict[str, Any]],
        import_key: Callable[[dict[str, Any]], Any],
        thumbprint: Callable[[Any], str],
        library: str,
    ):
        self.library = library
        self.by_kid: dict[str, Any] = {}
        self.import_errors: dict[str, str] = {}
        for index, value in enumerate(jwks):
            declared = value.get("kid")
            try:
                key = import_key(value)
                key_thumbprint = thumbprint(key)
            except Exception as error:  # the libraries raise several types here
                self.import_errors[declared or f"#{index}"] = f"{type(error).__name__}: {error}"
                continue
            # The thumbprint is authoritative (docs/formats.md: kid is a hint);
            # a declared kid is honoured as well so foreign JWKS work.
            self.by_kid.setdefault(key_thumbprint, key)
            if isinstance(declared, str):
                self.by_kid.setdefault(declared, key)

    def resolve(self, headers: dict[str, Any]) -> Any:
        kid = headers.get("kid")
        if not isinstance(kid, str):
            raise NotVerified("signature has no kid")
        if kid in self.by_kid:
            return self.by_kid[kid]
        if kid in self.import_errors:
            raise NotVerified(f"{self.library} could not import the key {kid}: {self.import_errors[kid]}")
        raise NotVerified(f"no key in the JWKS for kid {kid}")
