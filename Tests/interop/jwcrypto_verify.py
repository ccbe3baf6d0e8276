#!/usr/bin/env python3
"""Verify a JWS JSON envelope (General or flattened) with jwcrypto.

    jwcrypto_verify.py ENVELOPE_FILE JWKS_FILE

Exit 0 only if EVERY signature verifies against the JWKS key its kid names
(by RFC 7638 thumbprint, or by the JWK's own "kid"); 1 otherwise; 2 for bad
usage or unreadable input. See interop_common.py for the contract.

Why each signature is verified on its own: jwcrypto 1.6.1's JWS.verify()
on a General serialization succeeds when AT LEAST ONE signature verifies
(any-of), which is the wrong question for a multi-party approval. So every
signature object is deserialized as a flattened JWS and verified against the
one key its kid selects.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from interop_common import (
    KeyResolver,
    SIGNATURE_ALGORITHMS,
    NotVerified,
    describe,
    load_envelope,
    load_jwks,
    headers_of,
    run,
)

from jwcrypto.jwk import JWK
from jwcrypto.jws import JWS, InvalidJWSSignature


def verify_one(index: int, payload: str, signature: dict[str, Any], resolver: KeyResolver) -> None:
    headers = headers_of(index, signature)
    token = JWS()
    token.allowed_algs = SIGNATURE_ALGORITHMS
    try:
        key = resolver.resolve(headers)
        token.deserialize(json.dumps({"payload": payload, **signature}))
        token.verify(key)
    except InvalidJWSSignature as error:
        # jwcrypto keeps the real cause in its verify log, not in the exception.
        causes = [entry.removeprefix("Failed: [").removesuffix("]") for entry in token.verifylog or []]
        reason = "; ".join(causes) or str(error)
        if reason == "InvalidJWSSignature('Verification failed')":
            reason = "signature does not verify"
        raise NotVerified(f"{describe(index, headers)}: {reason}") from error
    except NotVerified as error:
        raise NotVerified(f"{describe(index, headers)}: {error}") from error
    except Exception as error:  # any jwcrypto refusal is a failed signature
        raise NotVerified(f"{describe(index, headers)}: {type(error).__name__}: {error}") from error


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("envelope")
    parser.add_argument("jwks")
    args = parser.parse_args()

    payload, signatures = load_envelope(args.envelope)
    resolver = KeyResolver(load_jwks(args.jwks), lambda value: JWK(**value), lambda key: key.thumbprint(), "jwcrypto")
    for index, signature in enumerate(signatures):
        verify_one(index, payload, signature, resolver)


if __name__ == "__main__":
    run(main)
