#!/usr/bin/env python3
"""Verify a JWS JSON envelope (General or flattened) with joserfc.

    joserfc_verify.py ENVELOPE_FILE JWKS_FILE

Exit 0 only if EVERY signature verifies against the JWKS key its kid names
(by RFC 7638 thumbprint, or by the JWK's own "kid"); 1 otherwise; 2 for bad
usage or unreadable input. See interop_common.py for the contract.

What a third party has to tell joserfc 1.6.5 to accept a Countersign
envelope, and why this script does the same:
- `algorithms=[...]`: without it joserfc allows only its "recommended" set
  (HS256, RS256, ES256), so Ed25519/EdDSA would be refused.
- a header registry that knows "iat" (protected) and "webauthn" (unprotected,
  step-up approvals): joserfc rejects header names it does not know.
- a per-signature key resolver: a callable that receives each signature's
  headers, so each signature is checked against its own key.
"""

from __future__ import annotations

import argparse
import warnings
from typing import Any

from interop_common import (
    KeyResolver,
    SIGNATURE_ALGORITHMS,
    NotVerified,
    describe,
    load_envelope,
    load_json,
    load_jwks,
    headers_of,
    run,
)

from joserfc import jws
from joserfc.errors import BadSignatureError, JoseError, SecurityWarning
from joserfc.jwk import import_key
from joserfc.jws import JWSRegistry
from joserfc.registry import HeaderParameter


def _is_object(value: Any) -> None:
    if not isinstance(value, dict):
        raise ValueError("must be a JSON object")


# Header parameters Countersign emits beyond RFC 7515's registry (docs/formats.md).
COUNTERSIGN_HEADERS = {
    "iat": HeaderParameter("Issued At", "int"),
    "webauthn": HeaderParameter("WebAuthn step-up assertion", _is_object),
}

# Statements may be up to 1 MiB (docs/policies.md); joserfc's default payload
# limit (128,000 base64url characters) would refuse the larger ones.
MAX_PAYLOAD_SEGMENT = 4 * (1024 * 1024) // 3 + 4


def make_registry() -> JWSRegistry:
    registry = JWSRegistry(header_registry=COUNTERSIGN_HEADERS, algorithms=SIGNATURE_ALGORITHMS)
    registry.max_payload_length = MAX_PAYLOAD_SEGMENT
    return registry


def verify_one(
    index: int, payload: str, signature: dict[str, Any], resolver: KeyResolver, registry: JWSRegistry
) -> None:
    headers = headers_of(index, signature)
    flattened = {"payload": payload, **signature}
    try:
        jws.deserialize_json(flattened, lambda member: resolver.resolve(member.headers()), registry=registry)
    except BadSignatureError as error:
        raise NotVerified(f"{describe(index, headers)}: signature does not verify") from error
    except NotVerified as error:
        raise NotVerified(f"{describe(index, headers)}: {error}") from error
    except Exception as error:  # any joserfc refusal is a failed signature
        raise NotVerified(f"{describe(index, headers)}: {type(error).__name__}: {error}") from error


def main() -> None:
    # joserfc warns on every use of "EdDSA" (deprecated by RFC 9864). Countersign
    # accepts that name on purpose (docs/formats.md), so the warning is noise here.
    warnings.filterwarnings("ignore", message="EdDSA is deprecated", category=SecurityWarning)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("envelope")
    parser.add_argument("jwks")
    args = parser.parse_args()

    payload, signatures = load_envelope(args.envelope)
    resolver = KeyResolver(load_jwks(args.jwks), import_key, lambda key: key.thumbprint(), "joserfc")
    registry = make_registry()

    # Each signature on its own first, so a failure names the signature.
    for index, signature in enumerate(signatures):
        verify_one(index, payload, signature, resolver, registry)

    # Then the envelope as a whole, exactly as a joserfc user would call it.
    document = load_json(args.envelope, "envelope")
    try:
        jws.deserialize_json(document, lambda member: resolver.resolve(member.headers()), registry=registry)
    except (JoseError, NotVerified, ValueError) as error:
        raise NotVerified(f"joserfc refused the envelope as a whole: {type(error).__name__}: {error}") from error


if __name__ == "__main__":
    run(main)
