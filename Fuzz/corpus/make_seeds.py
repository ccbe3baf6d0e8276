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

The other targets (see docs/fuzzing.md) take their seeds from the same vectors (authenticator
data, COSE keys, clientDataJSON and whole responses of the WebAuthn vectors), from the JOSE
vectors beside them (RFC 7515/7520 cookbook, RFC 8037, RFC 8785 JCS, RFC 9421 Appendix B, RFC
9530), from docs/policies.md-shaped policies, and from one evidence bundle (--bundle, made by
`countersign export`; its statement and key attestation records seed their own targets).
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
    parser.add_argument("--bundle", default=None)
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

    more_seeds(Path(args.vectors).parent, objects, args.bundle)


def cose_key_and_auth_data(attestation: bytes) -> tuple[bytes, bytes | None]:
    """The authData of an attestation object and the COSE key inside it (found by its CBOR head:
    a map whose first key is 1, kty), without a CBOR library."""
    start = attestation.find(b"hauthData") + len(b"hauthData")
    head = attestation[start]
    length, offset = head & 0x1F, 1
    if length == 24:
        length, offset = attestation[start + 1], 2
    elif length == 25:
        length, offset = int.from_bytes(attestation[start + 1 : start + 3], "big"), 3
    auth_data = attestation[start + offset : start + offset + length]
    if len(auth_data) < 55 or not auth_data[32] & 0x40:
        return auth_data, None
    id_length = int.from_bytes(auth_data[53:55], "big")
    key = auth_data[55 + id_length :]
    return auth_data, key if key[:2] in (b"\xa4\x01", b"\xa5\x01") else None


def more_seeds(vectors: Path, objects: dict[str, bytes], bundle_path: str | None) -> None:
    for name, data in sorted(objects.items()):
        auth_data, key = cose_key_and_auth_data(data)
        write("FuzzAuthenticatorData", f"reg_{name}.bin", auth_data)
        if key:
            write("FuzzCOSEKey", f"{name}.cbor", key)
    for path in sorted((vectors / "webauthn").glob("*.json")):
        vector = json.load(open(path))
        response = vector.get("response")
        if not isinstance(response, dict) or not isinstance(response.get("response"), dict):
            continue
        write("FuzzWebAuthnResponse", f"{path.stem}.json", json.dumps(response).encode())
        inner = response["response"]
        if "clientDataJSON" in inner:
            write("FuzzClientData", f"{path.stem}.json", b64url_decode(inner["clientDataJSON"]))
        if "authenticatorData" in inner:
            write("FuzzAuthenticatorData", f"auth_{path.stem}.bin", b64url_decode(inner["authenticatorData"]))

    for path in sorted((vectors / "jcs" / "input").glob("*.json")):
        write("FuzzJSON", path.name, path.read_bytes())
    for name, text in {
        "numbers.json": b'[0,-0,1e21,1e-7,5e-324,1.7976931348623157e308,0.1,-1.5E+3]',
        "escapes.json": b'{"\\u00e9":"\\ud83d\\ude00","b":"\\n\\t\\"\\\\\\/","a":[true,false,null]}',
        "nested.json": b'[[[[{"a":[{"b":{}}]}]]]]',
    }.items():
        write("FuzzJSON", name, text)

    jose = vectors / "jose"
    for path in sorted((jose / "ietf-jose-cookbook").glob("jws_*.json")):
        output = json.load(open(path))["output"]
        for form in ("compact", "json", "json_flat"):
            if form in output:
                value = output[form]
                data = value.encode() if isinstance(value, str) else json.dumps(value).encode()
                write("FuzzJWS", f"{path.stem}_{form}.txt", data)
    rfc7520 = json.load(open(jose / "joserfc" / "jws_rfc7520.json"))
    for index, test in enumerate(rfc7520["tests"]):
        for form in ("compact", "flattened_json", "general_json"):
            if isinstance(test.get(form), (str, dict)):
                value = test[form]
                data = value.encode() if isinstance(value, str) else json.dumps(value).encode()
                write("FuzzJWS", f"rfc7520_{index}_{form}.txt", data)
    rfc8037 = json.load(open(jose / "rfc8037_appendixA_ed25519.json"))
    for path in sorted((jose / "joserfc").glob("RFC7520-*.json")):
        write("FuzzJWK", path.name, path.read_bytes())
    write("FuzzJWK", "rfc8037_private.json", json.dumps(rfc8037["A.1_private_jwk"]).encode())
    write("FuzzJWK", "rfc8037_public.json", json.dumps(rfc8037["A.2_public_jwk"]).encode())
    write("FuzzJWS", "rfc8037_compact.txt", rfc8037["A.4_compact_jws"].encode())

    rfc9421 = json.load(open(vectors / "rfc9421" / "appendix_b.json"))
    digests = json.load(open(vectors / "rfc9530" / "content_digest_examples.json"))["examples"]
    for index, case in enumerate(rfc9421["testCases"]):
        digest = digests[index % len(digests)]
        body = bytes.fromhex(digest["bodyHex"])
        data = "\n".join([case["signatureInput"], case["signature"], digest["fieldValue"]]).encode() + b"\n" + body
        write("FuzzHTTPSignature", f"{case['section']}.txt", data)

    policies = {
        "simple": {"threshold": 2, "signers": [{"role": "partner", "weight": 1}]},
        "contract": {
            "threshold": 2,
            "signers": [{"member": "mem_a", "weight": 1}, {"role": "investor", "weight": 1},
                        {"policy": {"threshold": 1, "signers": [{"member": "mem_b", "weight": 1}]}, "weight": 1},
                        {"wait": "P7D", "weight": 1}],
            "required": ["mem_a"], "rejectThreshold": 2, "expiresAfter": "P30D", "timelock": "PT24H",
            "stepUp": False, "allowSelfApproval": True, "keyAttestation": "any",
        },
        "nested": {"threshold": 1, "signers": [{"policy": {"threshold": 2, "signers": [
            {"member": "mem_x", "weight": 1}, {"policy": {"threshold": 1, "signers": [{"wait": "P1DT12H", "weight": 1}]},
                                               "weight": 1}]}, "weight": 1}]},
        "passkey": {"threshold": 1, "signers": [{"role": "cfo", "weight": 65535}], "keyAttestation": "passkey",
                    "stepUp": True, "expiresAfter": "P2W"},
    }
    for name, policy in policies.items():
        write("FuzzPolicy", f"{name}.json", json.dumps(policy).encode())
    for text in ("P7D", "PT90M", "P1DT12H30M5S", "P2W"):
        write("FuzzPolicy", f"duration_{text}.txt", text.encode())

    if bundle_path:
        data = Path(bundle_path).read_bytes()
        write("FuzzEvidenceBundle", "bundle.json", data)
        bundle = json.loads(data)
        write("FuzzStatement", "bundle_statement.json", canonical(bundle["statement"]))
        for index, key in enumerate(bundle["keys"]):
            write("FuzzKeyAttestationRecord", f"passkey_{index}.json", canonical(key["attestation"]))
            write("FuzzJWK", f"bundle_key_{index}.json", canonical(key["jwk"]))
        write("FuzzJWS", "bundle_approvals.json", canonical(bundle["approvals"]))
        write("FuzzJWS", "bundle_receipt.txt", bundle["receipt"].encode())
    for name, policy in policies.items():
        statement = {"countersign": "statement/v1", "id": f"st_{name}", "title": f"Seed {name}",
                     "content": {"amount": 2500000, "list": [1, "two", None, True]}, "creator": "mem_a",
                     "createdAt": "2026-11-21T10:00:00Z", "expiresAt": None if name != "simple" else "2027-01-01T00:00:00Z",
                     "policy": policy}
        write("FuzzStatement", f"{name}.json", canonical(statement))

    for index, text in enumerate(["2026-11-21T10:00:00Z", "2026-11-21t10:00:00.123456z", "1999-12-31T23:59:59+05:30"]):
        write("FuzzKeyAttestationRecord", f"time_{index}.txt", text.encode())

    admin_key = bytes([0x5A] * 32)
    claims = {"user_id": "mem_service", "iat": 1799990000, "exp": 1800090000, "public_key": "ab" * 32}
    write("FuzzUserToken", "claims.json", canonical(claims))
    write("FuzzUserToken", "token.txt", hs256_token(claims, admin_key).encode())
    write("FuzzUserToken", "expired_claims.json", canonical(dict(claims, exp=1700000000)))
    write("FuzzKeyAttestationRecord", "admin_token.json", canonical({
        "member": "mem_service", "jwk": {"crv": "Ed25519", "kid": "FBxG3Wxxk4eda1ghkEDQjUuLJq136GSzN4ihXjumDOY",
                                          "kty": "OKP", "x": "bmMcLYO5otBpSfVLLPAfciM1Q0K-HcJ8ZxZbzfVcfwY"},
        "method": "admin-token", "token": hs256_token(claims, admin_key), "attestedAt": "2026-11-21T10:00:00Z"}))


def canonical(value) -> bytes:
    """JSON with sorted keys and no whitespace: the JCS form for the ASCII seeds used here."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hs256_token(claims: dict, key: bytes) -> str:
    import hashlib
    import hmac
    signing_input = b64url(canonical({"alg": "HS256", "typ": "JWT"})) + "." + b64url(canonical(claims))
    return signing_input + "." + b64url(hmac.new(key, signing_input.encode(), hashlib.sha256).digest())


if __name__ == "__main__":
    main()
