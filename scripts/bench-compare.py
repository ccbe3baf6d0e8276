#!/usr/bin/env python3
"""Countersign against joserfc and py_webauthn on the same inputs (docs/PERFORMANCE.md).

    bench-compare.py FIXTURES_DIR [RUN.jmh.json ...]

FIXTURES_DIR holds what `fixture-export` (Benchmarks/) wrote: envelope-3.json (a General JWS with
three Ed25519 signatures and the signers' public JWK Set) and assertion-es256.json (an
AuthenticationResponseJSON and what the relying party checks it against). Both are the fixtures
the Swift benchmarks verify. This script times, in this Python:

  (a) joserfc: General JWS verification of the 3-signer envelope, every signature with its key
      (Countersign's path: parse, resolve keys, verify, policy "all");
  (b) py_webauthn: verify_authentication_response of the ES256 assertion from its JSON text;

and, as each side's floor, the raw signature verifications with `cryptography` (OpenSSL). The
figure per operation is the median over batches of the time of one batch divided by its size,
for about BENCH_COMPARE_SECONDS (default 3) per operation, after a warm-up. With the JMH files of
the same scripts/bench run it prints the Swift p50 beside each and the ratio Swift / Python.
"""

import base64
import json
import os
import statistics
import sys
import time

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from joserfc import jws
from joserfc.jwk import KeySet
from joserfc.registry import HeaderParameter
import webauthn
from webauthn.helpers.decode_credential_public_key import decode_credential_public_key
from webauthn.helpers.decoded_public_key_to_cryptography import decoded_public_key_to_cryptography


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def load(directory, name):
    with open(os.path.join(directory, name), encoding="utf-8") as handle:
        return json.load(handle)


def per_op_us(operation, seconds):
    """Median microseconds per call over batches sized to take about 10 ms each."""
    for _ in range(50):
        operation()
    start = time.perf_counter()
    calls = 0
    while time.perf_counter() - start < 0.05:
        operation()
        calls += 1
    batch = max(1, int(calls / 5))
    samples = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(samples) < 20:
        begin = time.perf_counter_ns()
        for _ in range(batch):
            operation()
        samples.append((time.perf_counter_ns() - begin) / batch / 1000)
    return statistics.median(samples)


def envelope_operations(fixture):
    text = fixture["envelope"]
    keys = KeySet.import_key_set(fixture["keys"])
    parsed = json.loads(text)
    algorithms = sorted({json.loads(b64url(entry["protected"]))["alg"] for entry in parsed["signatures"]})
    # Built once, as Countersign's verifier is; it must know the "iat" header parameter that
    # Countersign's signatures carry (as Tests/interop/joserfc_verify.py does).
    registry = jws.JWSRegistry(header_registry={"iat": HeaderParameter("Issued At", "int")}, algorithms=algorithms)
    # Raw floor: the three Ed25519 verifications of the signing inputs, keys resolved by kid.
    by_kid = {key["kid"]: key for key in fixture["keys"]["keys"]}
    raw = []
    for entry in parsed["signatures"]:
        header = json.loads(b64url(entry["protected"]))
        key = Ed25519PublicKey.from_public_bytes(b64url(by_kid[header["kid"]]["x"]))
        signing_input = (entry["protected"] + "." + parsed["payload"]).encode("ascii")
        raw.append((key, b64url(entry["signature"]), signing_input))

    def verify_raw():
        for key, signature, signing_input in raw:
            key.verify(signature, signing_input)

    def verify_joserfc():
        # joserfc checks every signature of a General JWS, each with the key its kid names,
        # and raises BadSignatureError when one fails: the policy "all".
        result = jws.deserialize_json(json.loads(text), keys, registry=registry)
        if len(result.members) != 3:
            raise AssertionError("joserfc returned the wrong number of signatures")

    return verify_raw, verify_joserfc


def assertion_operations(fixture):
    response = fixture["response"]
    parsed = json.loads(response)["response"]
    challenge = b64url(fixture["challenge"])
    cose = b64url(fixture["credentialPublicKey"])
    point = decoded_public_key_to_cryptography(decode_credential_public_key(cose))
    authenticator_data = b64url(parsed["authenticatorData"])
    client_data = b64url(parsed["clientDataJSON"])
    signature = b64url(parsed["signature"])
    digest = hashes.Hash(hashes.SHA256())
    digest.update(client_data)
    signed = authenticator_data + digest.finalize()

    def verify_raw():
        point.verify(signature, signed, ec.ECDSA(hashes.SHA256()))

    def verify_py_webauthn():
        result = webauthn.verify_authentication_response(
            credential=response,
            expected_challenge=challenge,
            expected_rp_id=fixture["rpID"],
            expected_origin=fixture["origin"],
            credential_public_key=cose,
            credential_current_sign_count=int(fixture["signCount"]),
            require_user_verification=fixture["userVerification"] == "required",
        )
        if result.new_sign_count != int(fixture["signCount"]) + 1:
            raise AssertionError("py_webauthn returned the wrong counter")

    return verify_raw, verify_py_webauthn


def swift_p50(paths):
    """Swift p50 (us) per (case, role) from ordo-one JMH files: the median over the runs."""
    values = {}
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for bench in json.load(handle):
                name = bench["benchmark"].split(".", 3)[-1].replace("_", " ")
                if " | " not in name:
                    continue
                case, role = name.split(" | ", 1)
                p50 = bench["secondaryMetrics"]["Time (wall clock)"]["scorePercentiles"]["50.0"]
                values.setdefault((case, role.split(":", 1)[0]), []).append(p50)
    return {key: statistics.median(runs) for key, runs in values.items()}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    directory = sys.argv[1]
    seconds = float(os.environ.get("BENCH_COMPARE_SECONDS", "3"))
    swift = swift_p50(sys.argv[2:])
    envelope_raw, envelope_python = envelope_operations(load(directory, "envelope-3.json"))
    assertion_raw, assertion_python = assertion_operations(load(directory, "assertion-es256.json"))
    for operation in (envelope_raw, envelope_python, assertion_raw, assertion_python):
        operation()  # a fixture Python refuses fails here, before any timing

    rows = [
        ("JWS General 3 signers", "path", "joserfc deserialize_json", envelope_python),
        ("JWS General 3 signers", "baseline", "3 raw Ed25519 (cryptography)", envelope_raw),
        ("ES256 assertion", "path", "py_webauthn verify_authentication_response", assertion_python),
        ("ES256 assertion", "baseline", "1 raw P-256 (cryptography)", assertion_raw),
    ]
    versions = {name: __import__(name).__version__ for name in ("joserfc", "cryptography")}
    versions["webauthn"] = webauthn.__version__
    print(f"Python {sys.version.split()[0]}; " + ", ".join(f"{name} {version}" for name, version in versions.items()))
    print(f"| {'operation':36} | {'Python':44} | {'Python (us)':>11} | {'Swift p50 (us)':>14} | {'Swift / Python':>14} |")
    print(f"|{'-' * 38}|{'-' * 46}|{'-' * 12}:|{'-' * 15}:|{'-' * 15}:|")
    for case, role, label, operation in rows:
        python_us = per_op_us(operation, seconds)
        swift_us = swift.get((case, role))
        swift_text = f"{swift_us:14.2f}" if swift_us is not None else f"{'-':>14}"
        ratio = f"{swift_us / python_us:14.2f}" if swift_us is not None else f"{'-':>14}"
        print(f"| {case + ' (' + role + ')':36} | {label:44} | {python_us:11.2f} | {swift_text} | {ratio} |")
    if not swift:
        print("(no JMH files given: Swift figures omitted)")


if __name__ == "__main__":
    main()
