#!/usr/bin/env python3
"""Make a General JWS JSON envelope with joserfc, from freshly generated keys.

    joserfc_sign.py --alg ALG --payload FILE --out-envelope FILE --out-jwks FILE [--signers N]

Each of the N signers gets a new key; its signature carries the protected
header {"alg", "kid"} with kid = RFC 7638 thumbprint of the public key. The
JWKS file receives {"keys": [public JWK with "kid", ...]} in signer order.
The private keys are never written: the envelope is the only thing they make.

Exit 0 when both files are written, 2 for bad usage or an unreadable payload.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from interop_common import Unreadable, run

from joserfc import jws
from joserfc.jwk import Key, generate_key
from joserfc.jws import HeaderMember, JWSRegistry

# alg -> (joserfc key type, curve or RSA size). "EdDSA" is here so tests can
# check that Countersign accepts the older RFC 8037 name (docs/formats.md).
KEY_SHAPES: dict[str, tuple[str, Any]] = {
    "Ed25519": ("OKP", "Ed25519"),
    "EdDSA": ("OKP", "Ed25519"),
    "ES256": ("EC", "P-256"),
    "ES384": ("EC", "P-384"),
    "ES512": ("EC", "P-521"),
    "RS256": ("RSA", 2048),
    "PS256": ("RSA", 2048),
}


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def write_json(path: str, value: Any) -> None:
    try:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(value, handle, indent=2)
            handle.write("\n")
    except OSError as error:
        raise Unreadable(f"cannot write {path}: {error.strerror}") from error


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--alg", required=True, choices=sorted(KEY_SHAPES))
    parser.add_argument("--payload", required=True, help="file whose bytes are signed as-is")
    parser.add_argument("--out-envelope", required=True)
    parser.add_argument("--out-jwks", required=True)
    parser.add_argument("--signers", type=positive, default=1)
    args = parser.parse_args()

    try:
        with open(args.payload, "rb") as handle:
            payload = handle.read()
    except OSError as error:
        raise Unreadable(f"payload {args.payload}: {error.strerror}") from error

    key_type, shape = KEY_SHAPES[args.alg]
    keys: dict[str, Key] = {}
    for _ in range(args.signers):
        key = generate_key(key_type, shape)
        keys[key.thumbprint()] = key

    def key_for(member: HeaderMember) -> Key:
        return keys[member.headers()["kid"]]

    members = [{"protected": {"alg": args.alg, "kid": kid}} for kid in keys]
    registry = JWSRegistry(algorithms=[args.alg])
    envelope = jws.serialize_json(members, payload, key_for, registry=registry)

    public = [{**key.as_dict(private=False), "kid": kid} for kid, key in keys.items()]
    write_json(args.out_envelope, envelope)
    write_json(args.out_jwks, {"keys": public})


if __name__ == "__main__":
    run(main)
