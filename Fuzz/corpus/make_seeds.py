#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (Fuzz/corpus/<target>/). The seeds are committed;
this script only documents where they came from and regenerates them.

    python3 Fuzz/corpus/make_seeds.py [VECTORS_DIR] [--browser-dir DIR ...]

FuzzAttestationObject: every response.attestationObject of the registration vectors in
VECTORS_DIR (default: shared/vectors/webauthn beside the repository), base64url-decoded, plus the
attestation objects in the registration responses of webauthn_ceremonies.py runs (--browser-dir,
e.g. one run with --attestation none and one with direct: Chrome's virtual authenticator).
FuzzCBOR: small hand-made CBOR items covering every major type the decoder accepts, two COSE
keys, and the smallest attestation objects of the above.
"""

import argparse
import base64
import glob
import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def write(target: str, name: str, data: bytes) -> None:
    directory = HERE / target
    directory.mkdir(exist_ok=True)
    (directory / name).write_bytes(data)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("vectors", nargs="?", default=str(HERE.parents[2] / "shared/vectors/webauthn"))
    parser.add_argument("--browser-dir", action="append", default=[])
    args = parser.parse_args()

    objects: dict[str, bytes] = {}
    for path in sorted(glob.glob(os.path.join(args.vectors, "*.json"))):
        vector = json.load(open(path))
        encoded = vector.get("response", {}).get("response", {}).get("attestationObject")
        if vector.get("ceremony") == "registration" and encoded:
            objects[Path(path).stem] = b64url_decode(encoded)
    for directory in args.browser_dir:
        manifest = json.load(open(os.path.join(directory, "ceremonies.json")))
        for ceremony in manifest["ceremonies"]:
            response = json.load(open(os.path.join(directory, ceremony["registration"]["response"])))
            data = b64url_decode(response["response"]["attestationObject"])
            fmt = "packed" if b"fmtfpacked" in data else "none"
            objects[f"chromium_virtual_{ceremony['name']}_{fmt}"] = data
    for name, data in objects.items():
        write("FuzzAttestationObject", f"{name}.cbor", data)

    small = {
        "uint_0": bytes([0x00]),
        "uint_24": bytes([0x18, 0x18]),
        "uint_65536": bytes([0x1A, 0x00, 0x01, 0x00, 0x00]),
        "uint_2pow32": bytes([0x1B, 0, 0, 0, 1, 0, 0, 0, 0]),
        "negative_257": bytes([0x39, 0x01, 0x00]),
        "bytes_4": bytes([0x44, 1, 2, 3, 4]),
        "text_utf8": bytes([0x63]) + "€".encode(),
        "array_nested": bytes([0x83, 0x01, 0x82, 0x02, 0x03, 0x80]),
        "map_text_keys": bytes([0xA2, 0x61, 0x61, 0x01, 0x61, 0x62, 0xA0]),
        "simple_values": bytes([0x84, 0xF4, 0xF5, 0xF6, 0xF7]),
        # COSE keys: EC2 P-256 (-7) and OKP Ed25519 (-8), from RFC 8152-shaped maps.
        "cose_es256": bytes([0xA5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20]) + bytes(range(32))
        + bytes([0x22, 0x58, 0x20]) + bytes(range(32, 64)),
        "cose_ed25519": bytes([0xA4, 0x01, 0x01, 0x03, 0x27, 0x20, 0x06, 0x21, 0x58, 0x20]) + bytes(range(32)),
    }
    for name, data in small.items():
        write("FuzzCBOR", f"{name}.cbor", data)
    for name, data in sorted(objects.items(), key=lambda item: len(item[1]))[:4]:
        write("FuzzCBOR", f"attestation_{name}.cbor", data)


if __name__ == "__main__":
    main()
