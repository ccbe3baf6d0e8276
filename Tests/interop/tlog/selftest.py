#!/usr/bin/env python3
"""End-to-end self-test of c2sp_witness.py and c2sp_log_verify.py.

    selftest.py [-v]

Exit 0 when every check passed. The last line is "N passed, M failed".

What it does, and which spec text each part exercises:

1. Example vectors in the spec texts (shared/specs/c2sp/):
   signed-note.md "Verifier keys / Example" (a complete vkey + signed note:
   key ID and Ed25519 signature are checked, and a changed text must fail);
   tlog-cosignature.md (the example cosignature decodes to key ID || u64
   timestamp || 64-byte signature with the timestamp of the example signed
   message, and our cosignature/v1 message is byte for byte the example's);
   tlog-checkpoint.md (the example body parses); tlog-witness.md (the
   example add-checkpoint body parses, and the witness answers it 404 as its
   origin is not configured); tlog-tiles.md (index 1234067 is x001/x234/067;
   the tile layouts of sizes 70,000 and 256 are the ones described);
   tlog-proof.md (the example's header, extra data, index and proof lines
   parse; its signatures are elided with "[...]", so the note must not).
2. Merkle proofs: inclusion and consistency proofs are generated here from
   RFC 6962 section 2.1.1 / 2.1.2 (PATH, PROOF, SUBPROOF) and must verify
   with c2sp_common's RFC 9162 algorithms for every size up to 64; every
   altered, shortened or lengthened proof must fail.
3. A small log built here (Ed25519 log key, entries of varied length
   including an empty one) and served as tlog-tiles from a local
   http.server on 127.0.0.1 under /log/, grown through sizes 0, 1, 255, 256,
   257 and 1000. At each size: the witness (a subprocess) cosigns via
   add-checkpoint with the RFC 6962 consistency proof; the verifier's
   `checkpoint` checks the served log with that witness at threshold 1;
   `consistency` and `proof` (tlog-proof@v1 texts) check proofs.
4. Witness refusals (tlog-witness.md "add-checkpoint"): 409 with
   text/x.tlog.size, 422 for a corrupted proof, a fork at the same size, a
   tree inconsistent with the cosigned one, proof lines with old size 0 and
   a size-0 tree with a wrong root; 400 for old size above the checkpoint
   size and malformed bodies; 404 for an unknown origin; 403 for a bad or
   missing trusted signature; one 200 among concurrent posts; the state
   surviving a restart; SIGTERM exiting with status 0.
5. Verifier refusals: altered tiles, entry bundles, checkpoint signatures and
   proofs, missing tiles, wrong Content-Type, unmet thresholds, unreachable
   log, malformed input files (exit 2).
"""

from __future__ import annotations

import base64
import concurrent.futures
import gzip
import hashlib
import http.client
import http.server
import json
import os
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
from typing import Callable, Sequence

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from c2sp_common import (  # noqa: E402
    EM_DASH,
    EMPTY_ROOT,
    SIG_TYPE_COSIGNATURE_V1,
    SIG_TYPE_ED25519,
    Malformed,
    NotVerified,
    b64decode_strict,
    b64encode,
    cosignature_message,
    entries_path,
    key_id,
    leaf_hash,
    make_entry_bundle,
    make_vkey,
    merkle_tree_hash,
    node_hash,
    parse_checkpoint,
    parse_note,
    parse_vkey,
    sign_note_line,
    tile_index_path,
    tile_layout,
    tile_path,
    verify_consistency,
    verify_cosignatures,
    verify_inclusion,
    verify_note,
)
from c2sp_log_verify import parse_tlog_proof  # noqa: E402
from c2sp_witness import parse_add_checkpoint_body  # noqa: E402

WITNESS = os.path.join(HERE, "c2sp_witness.py")
VERIFY = os.path.join(HERE, "c2sp_log_verify.py")
VERBOSE = "-v" in sys.argv[1:]
DEADLINE_SECONDS = 15


# --- bookkeeping ----------------------------------------------------------------------


class Results:
    def __init__(self) -> None:
        self.passed = 0
        self.failed: list[str] = []

    def check(self, condition: bool, what: str, detail: str = "") -> bool:
        if condition:
            self.passed += 1
            if VERBOSE:
                print(f"ok   {what}")
        else:
            self.failed.append(what)
            print(f"FAIL {what}" + (f": {detail}" if detail else ""))
        return condition


R = Results()


# --- RFC 6962 section 2.1 proof generation (the "other side" of the verifiers) --------


def largest_power_of_two_below(n: int) -> int:
    k = 1
    while k << 1 < n:
        k <<= 1
    return k


def rfc6962_path(m: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of RFC 6962 2.1.1, over leaf hashes."""
    n = len(leaves)
    if n == 1:
        return []
    k = largest_power_of_two_below(n)
    if m < k:
        return rfc6962_path(m, leaves[:k]) + [merkle_tree_hash(leaves[k:])]
    return rfc6962_path(m - k, leaves[k:]) + [merkle_tree_hash(leaves[:k])]


def rfc6962_subproof(m: int, leaves: Sequence[bytes], whole: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if whole else [merkle_tree_hash(leaves)]
    k = largest_power_of_two_below(n)
    if m <= k:
        return rfc6962_subproof(m, leaves[:k], whole) + [merkle_tree_hash(leaves[k:])]
    return rfc6962_subproof(m - k, leaves[k:], False) + [merkle_tree_hash(leaves[:k])]


def rfc6962_proof(m: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 6962 2.1.2; empty for m == 0 (tlog-witness.md)
    and for m == n."""
    if m == 0:
        return []
    return rfc6962_subproof(m, leaves, True)


def flip(data: bytes, position: int = 0) -> bytes:
    return data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1 :]


# --- a test log ------------------------------------------------------------------------


class TestLog:
    def __init__(self, origin: str, entries: list[bytes] | None = None):
        self.origin = origin
        self.key = Ed25519PrivateKey.generate()
        self.vkey = make_vkey(origin, SIG_TYPE_ED25519, self.key)
        self.entries: list[bytes] = list(entries or [])
        self.leaves = [leaf_hash(e) for e in self.entries]

    def append(self, entries: Sequence[bytes]) -> None:
        self.entries.extend(entries)
        self.leaves.extend(leaf_hash(e) for e in entries)

    def root(self, size: int) -> bytes:
        return merkle_tree_hash(self.leaves[:size])

    def body(self, size: int, root: bytes | None = None) -> str:
        return f"{self.origin}\n{size}\n{b64encode(self.root(size) if root is None else root)}\n"

    def checkpoint(self, size: int, root: bytes | None = None) -> str:
        body = self.body(size, root)
        return body + "\n" + sign_note_line(self.origin, self.key, body)

    def files(self, size: int) -> dict[str, tuple[str, bytes, bool]]:
        """tlog-tiles resources for `size`: path -> (type, body, gzip)."""
        out: dict[str, tuple[str, bytes, bool]] = {}
        for level, tiles in enumerate(tile_layout(size)):
            span = 256**level
            for index, width in tiles:
                hashes = [
                    merkle_tree_hash(self.leaves[(index * 256 + i) * span : (index * 256 + i + 1) * span])
                    for i in range(width)
                ]
                out[tile_path(level, index, width)] = ("application/octet-stream", b"".join(hashes), False)
                if level == 0:
                    bundle = make_entry_bundle(self.entries[index * 256 : index * 256 + width])
                    out[entries_path(index, width)] = ("application/octet-stream", bundle, index % 2 == 1)
        return out


def make_entries(start: int, count: int) -> list[bytes]:
    entries = []
    for i in range(start, start + count):
        if i == 3:
            entries.append(b"")  # an empty entry: length prefix 0
        elif i % 97 == 0:
            entries.append(bytes([i % 256]) * 700)  # longer than 255: a two-byte length
        else:
            entries.append(f"countersign selftest entry {i}\n".encode())
    return entries


class TileServer:
    """tlog-tiles resources from memory under /log/, on 127.0.0.1."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[str, bytes, bool]] = {}
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                with outer.lock:
                    item = outer.files.get(self.path[len("/log/") :]) if self.path.startswith("/log/") else None
                if item is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                content_type, body, compress = item
                if compress:
                    body = gzip.compress(body)
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                if compress:
                    self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/log/"

    def publish(self, log: TestLog, size: int, checkpoint: str) -> None:
        with self.lock:
            self.files.update(log.files(size))
            self.files["checkpoint"] = ("text/plain; charset=utf-8", checkpoint.encode(), False)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# --- subprocesses ---------------------------------------------------------------------


def run_tool(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, script, *args], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
    )


class WitnessProcess:
    def __init__(self, workdir: str, name: str, key_file: str, state: str, log_vkeys: Sequence[str]):
        self.port_file = os.path.join(workdir, "witness.port")
        if os.path.exists(self.port_file):
            os.unlink(self.port_file)
        self.log_path = os.path.join(workdir, "witness.log")
        self.log_handle = open(self.log_path, "a")
        args = [sys.executable, WITNESS, "serve", "--name", name, "--key-file", key_file, "--state", state]
        for vkey in log_vkeys:
            args += ["--log-vkey", vkey]
        args += ["--port-file", self.port_file, "--port", "0"]
        self.process = subprocess.Popen(args, stdout=self.log_handle, stderr=self.log_handle, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + DEADLINE_SECONDS
        self.port = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with open(self.port_file) as handle:
                    self.port = int(handle.read().strip())
                break
            except (FileNotFoundError, ValueError):
                threading.Event().wait(0.02)  # poll interval, bounded by the deadline
        if self.port is None:
            self.process.kill()
            raise RuntimeError(f"witness did not start; its log:\n{open(self.log_path).read()}")

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body)
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def add_checkpoint(self, old: int, proof: Sequence[bytes], checkpoint: str) -> tuple[int, dict[str, str], bytes]:
        body = f"old {old}\n" + "".join(b64encode(h) + "\n" for h in proof) + "\n" + checkpoint
        return self.request("POST", "/add-checkpoint", body.encode("utf-8"))

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=DEADLINE_SECONDS)
        finally:
            self.log_handle.close()


# --- 1. spec examples -------------------------------------------------------------------


def check_spec_examples() -> None:
    vkey = parse_vkey("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", SIG_TYPE_ED25519)
    R.check(
        key_id("example.com/foo", 0x01, vkey.public_key).hex() == "530d903a",
        "signed-note example: key ID of example.com/foo is 530d903a",
    )
    signature = "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM="
    note = parse_note(f"This is an example message.\n\n{EM_DASH} example.com/foo {signature}\n")
    R.check(verify_note(note, [vkey]) == [vkey], "signed-note example: the example note verifies")
    try:
        verify_note(parse_note(f"This is an example message!\n\n{EM_DASH} example.com/foo {signature}\n"), [vkey])
        R.check(False, "signed-note example: a changed text does not verify")
    except NotVerified:
        R.check(True, "signed-note example: a changed text does not verify")
    # A signature line from an unknown key (same name, other ID) is ignored, so none verifies.
    other = make_vkey("example.com/foo", SIG_TYPE_ED25519, Ed25519PrivateKey.generate())
    try:
        verify_note(note, [other])
        R.check(False, "signed-note: a same-name key with another ID is not taken as the signer")
    except NotVerified:
        R.check(True, "signed-note: a same-name key with another ID is not taken as the signer")
    for bad in ("example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
                "example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
                "example.com/bar+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"):
        try:
            parse_vkey(bad, SIG_TYPE_ED25519)
            R.check(False, f"vkey with a wrong or non-lowercase key ID is refused: {bad[:30]}")
        except Malformed:
            R.check(True, f"vkey with a wrong or non-lowercase key ID is refused: {bad[:30]}")

    example_checkpoint = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    cp = parse_checkpoint(example_checkpoint)
    R.check(
        (cp.origin, cp.size, len(cp.root), cp.extensions) == ("example.com/behind-the-sofa", 20852163, 32, []),
        "tlog-checkpoint example body parses",
    )
    cosig = b64decode_strict(
        "jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA=="
    )
    (timestamp,) = struct.unpack(">Q", cosig[4:12])
    R.check(len(cosig) == 76 and timestamp == 1679315147,
            "tlog-cosignature example: key ID || u64 timestamp 1679315147 || 64-byte signature")
    R.check(
        cosignature_message(1679315147, example_checkpoint)
        == b"cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n"
        b"CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "tlog-cosignature example: the cosignature/v1 signed message",
    )
    for text in ("example.com/x\n012\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
                 "example.com/x\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2\n",
                 "example.com/x\n12\n",
                 "example.com/x\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"):
        try:
            parse_checkpoint(text)
            R.check(False, f"malformed checkpoint refused: {text!r}")
        except Malformed:
            R.check(True, f"malformed checkpoint refused: {text[:40]!r}")

    witness_example = (
        "old 20852014\n"
        "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n"
        "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n"
        "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n"
        "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n"
        "\n"
        + example_checkpoint
        + "\n"
        + f"{EM_DASH} example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
        + f"{EM_DASH} example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=\n"
    )
    old, proof, rest = parse_add_checkpoint_body(witness_example.encode())
    parsed = parse_note(rest)
    R.check(
        old == 20852014 and len(proof) == 4 and parsed.text == example_checkpoint and len(parsed.signatures) == 2,
        "tlog-witness example request body parses (old 20852014, 4 proof lines, 2 log signatures)",
    )
    global WITNESS_EXAMPLE_BODY
    WITNESS_EXAMPLE_BODY = witness_example.encode()

    R.check(tile_index_path(1234067) == "x001/x234/067", "tlog-tiles example: 1234067 is x001/x234/067")
    R.check(tile_index_path(5) == "005" and tile_index_path(1000) == "x001/000", "tlog-tiles: 5 is 005, 1000 is x001/000")
    layout = tile_layout(70000)
    R.check(
        len(layout) == 3
        and [w for _, w in layout[0]].count(256) == 273 and layout[0][-1] == (273, 112)
        and layout[1] == [(0, 256), (1, 17)] and layout[2] == [(0, 1)],
        "tlog-tiles example: size 70,000 is 273 full + 112-wide level 0, 1 full + 17-wide level 1, 1-wide level 2",
    )
    R.check(tile_layout(256) == [[(0, 256)], [(0, 1)]], "tlog-tiles example: size 256 is one full level-0 tile + level 1 width 1")
    R.check(tile_path(1, 0, 1) == "tile/1/000.p/1" and entries_path(1234067, 7) == "tile/entries/x001/x234/067.p/7",
            "tlog-tiles: partial tile and entry bundle paths")
    R.check(EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "RFC 6962: the empty tree's hash is SHA-256 of the empty string")

    proof_example = (
        "c2sp.org/tlog-proof@v1\n"
        "extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ\n"
        "index 73894\n"
        "gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=\n"
        "B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=\n"
        "EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=\n"
        "RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=\n"
        "AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=\n"
        "\n"
        "example.com/fancylog\n109482\nsFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=\n"
        "\n"
        f"{EM_DASH} example.com/fancylog hI2DJw[...]1roloI=\n"
    )
    extra, index, hashes, note_text = parse_tlog_proof(proof_example)
    R.check(
        extra is not None and index == 73894 and len(hashes) == 5
        and parse_checkpoint(note_text.split("\n\n")[0] + "\n").size == 109482,
        "tlog-proof example: extra, index 73894, 5 proof hashes, checkpoint of size 109482",
    )
    try:
        parse_note(note_text)
        R.check(False, "tlog-proof example: its elided signature line is refused as malformed")
    except Malformed:
        R.check(True, "tlog-proof example: its elided signature line is refused as malformed")


WITNESS_EXAMPLE_BODY = b""


# --- 2. Merkle proofs -------------------------------------------------------------------


def check_merkle_proofs() -> None:
    leaves = [leaf_hash(f"leaf {i}".encode()) for i in range(64)]
    R.check(merkle_tree_hash(leaves[:1]) == leaves[0], "MTH of one leaf is its leaf hash")
    R.check(merkle_tree_hash(leaves[:3]) == node_hash(node_hash(leaves[0], leaves[1]), leaves[2]),
            "MTH of three leaves splits 2 + 1")
    inclusion_ok = inclusion_tamper_ok = True
    consistency_ok = consistency_tamper_ok = True
    for n in range(1, 65):
        root = merkle_tree_hash(leaves[:n])
        for m in range(n):
            path = rfc6962_path(m, leaves[:n])
            inclusion_ok &= verify_inclusion(leaves[m], m, n, path, root)
            bad = [
                verify_inclusion(leaves[m], m, n, path + [root], root),
                verify_inclusion(leaves[m], m + 1, n, path, root) if m + 1 < n else False,
                verify_inclusion(flip(leaves[m]), m, n, path, root),
                verify_inclusion(leaves[m], m, n, path[:-1], root) if path else False,
            ] + [verify_inclusion(leaves[m], m, n, path[:j] + [flip(path[j])] + path[j + 1 :], root) for j in range(len(path))]
            inclusion_tamper_ok &= not any(bad)
        for m in range(0, n + 1):
            old_root = merkle_tree_hash(leaves[:m])
            proof = rfc6962_proof(m, leaves[:n])
            consistency_ok &= verify_consistency(m, old_root, n, root, proof)
            bad = [verify_consistency(m, old_root, n, root, proof[:j] + [flip(proof[j])] + proof[j + 1 :]) for j in range(len(proof))]
            bad.append(verify_consistency(m, old_root, n, root, proof + [root]))
            if 0 < m:  # (the empty tree is consistent with any root)
                bad.append(verify_consistency(m, flip(old_root), n, root, proof))
                bad.append(verify_consistency(m, old_root, n, flip(root), proof))
            if proof:
                bad.append(verify_consistency(m, old_root, n, root, proof[:-1]))
            if 0 < m < n:
                bad.append(verify_consistency(n, root, m, old_root, proof))
            consistency_tamper_ok &= not any(bad)
    R.check(inclusion_ok, "RFC 6962 PATH proofs verify with RFC 9162 2.1.3.2 for every index of sizes 1..64")
    R.check(inclusion_tamper_ok, "altered, shortened or lengthened inclusion proofs, or another index or leaf, fail")
    R.check(consistency_ok, "RFC 6962 PROOF proofs verify with RFC 9162 2.1.4.2 for all 0 <= m <= n <= 64")
    R.check(consistency_tamper_ok, "altered, shortened, lengthened or reversed consistency proofs fail")


# --- 3-5. end to end ---------------------------------------------------------------------


def tlog_proof_text(log: TestLog, index: int, size: int, checkpoint: str, extra: bytes | None = None) -> str:
    lines = ["c2sp.org/tlog-proof@v1"]
    if extra is not None:
        lines.append(f"extra {b64encode(extra)}")
    lines.append(f"index {index}")
    lines += [b64encode(h) for h in rfc6962_path(index, log.leaves[:size])]
    return "\n".join(lines) + "\n\n" + checkpoint


def expect_exit(result: subprocess.CompletedProcess[str], code: int, what: str, reason: str = "") -> bool:
    """Exit status `code`, and for a refusal, `reason` in what the tool said,
    so that a check cannot pass for another reason than the one it tests."""
    return R.check(
        result.returncode == code and reason in result.stdout + result.stderr,
        what,
        f"exit {result.returncode}, stdout {result.stdout.strip()[:300]!r}, stderr {result.stderr.strip()[-600:]!r}",
    )


def end_to_end(workdir: str) -> None:
    # Witness key: keygen and vkey agree; the seed is 32 bytes, mode 0600.
    key_file = os.path.join(workdir, "witness.key")
    name = "witness.test/w1"
    keygen = run_tool(WITNESS, "keygen", "--name", name, "--key-file", key_file)
    expect_exit(keygen, 0, "witness keygen")
    witness_vkey_text = keygen.stdout.strip()
    vkey_again = run_tool(WITNESS, "vkey", "--name", name, "--key-file", key_file)
    R.check(vkey_again.stdout.strip() == witness_vkey_text, "witness vkey prints the keygen's vkey")
    mode = stat.S_IMODE(os.stat(key_file).st_mode)
    R.check(os.path.getsize(key_file) == 32 and mode == 0o600, "witness key file: 32-byte seed, mode 0600", f"mode {mode:o}")
    witness_key = parse_vkey(witness_vkey_text, SIG_TYPE_COSIGNATURE_V1)
    seed = open(key_file, "rb").read()
    public = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()
    R.check(
        witness_key.public_key == public and witness_key.key_id == hashlib.sha256(name.encode() + b"\n\x04" + public).digest()[:4],
        "witness vkey: type 0x04, key ID SHA-256(name || 0x0A || 0x04 || key)[:4]",
    )
    expect_exit(run_tool(WITNESS, "keygen", "--name", name, "--key-file", key_file), 2,
                "witness keygen refuses to overwrite a key", "refusing to overwrite")

    log = TestLog("log.test/countersign")
    log2 = TestLog("log.test/second")
    stranger = TestLog("log.test/unknown")
    state_file = os.path.join(workdir, "witness-state.json")
    witness = WitnessProcess(workdir, name, key_file, state_file, [log.vkey.text(), log2.vkey.text()])
    tiles = TileServer()
    try:
        run_log(workdir, log, log2, stranger, witness, witness_key, witness_vkey_text, tiles)
        # State survives a restart; SIGTERM exits 0.
        R.check(witness.stop() == 0, "witness exits 0 on SIGTERM")
        with open(state_file) as handle:
            state = json.load(handle)["logs"]
        R.check(
            state[log.origin]["size"] == 1001 and state[log.origin]["root"] == b64encode(log.root(1001)),
            "witness state file records the latest cosigned size and root",
        )
        witness = WitnessProcess(workdir, name, key_file, state_file, [log.vkey.text(), log2.vkey.text()])
        status, headers, body = witness.add_checkpoint(0, [], log.checkpoint(1001))
        R.check(status == 409 and body == b"1001\n", "after a restart the witness still knows size 1001 (409)", f"{status} {body!r}")
        R.check(witness.stop() == 0, "restarted witness exits 0 on SIGTERM")
    finally:
        if witness.process.poll() is None:
            witness.process.kill()
        tiles.stop()
    log_lines = open(witness.log_path).read().splitlines()
    R.check(
        any(" POST /add-checkpoint 409 " in line for line in log_lines)
        and any(" POST /add-checkpoint 200 " in line for line in log_lines),
        "witness logs each request on one line (method, path, status, reason)",
    )
    if VERBOSE:
        print("\n".join(log_lines[-5:]))


def run_log(workdir, log, log2, stranger, witness, witness_key, witness_vkey_text, tiles) -> None:
    W = ["--witness-vkey", witness_vkey_text]
    vkey_args = ["--log-vkey", log.vkey.text()]

    # The spec's example request: its origin is not one of ours.
    status, _, _ = witness.request("POST", "/add-checkpoint", WITNESS_EXAMPLE_BODY)
    R.check(status == 404, "witness: the tlog-witness example body -> 404 (unknown origin)", str(status))

    # --- second origin: size-0 rules (state 0 there) ---
    status, _, _ = witness.add_checkpoint(0, [], log2.checkpoint(0, root=hashlib.sha256(b"x").digest()))
    R.check(status == 422, "witness: size-0 checkpoint with a non-empty root -> 422", str(status))
    log2.append(make_entries(0, 3))
    status, _, _ = witness.add_checkpoint(0, [log2.leaves[0]], log2.checkpoint(3))
    R.check(status == 422, "witness: proof lines with old size 0 -> 422", str(status))
    status, _, body = witness.add_checkpoint(0, [], log2.checkpoint(0))
    R.check(status == 200, "witness: the empty tree is cosigned", f"{status} {body!r}")
    status, _, _ = witness.add_checkpoint(0, [], log2.checkpoint(3))
    R.check(status == 200, "witness: old 0 -> 3 with no proof is cosigned", str(status))

    # --- grow the main log through the sizes ---
    previous = 0
    cosigned_checkpoints: dict[int, str] = {}
    for size in (0, 1, 255, 256, 257, 1000):
        log.append(make_entries(len(log.entries), size - len(log.entries)))
        checkpoint = log.checkpoint(size)
        proof = rfc6962_proof(previous, log.leaves[:size]) if previous != size else []
        status, headers, body = witness.add_checkpoint(previous, proof, checkpoint)
        if not R.check(status == 200, f"witness cosigns size {size} (old {previous}, {len(proof)} proof lines)",
                       f"{status} {body!r}"):
            continue
        text = body.decode("utf-8")
        cosigned = checkpoint + text
        lines = text.splitlines()
        good = verify_cosignatures(parse_note(cosigned), [witness_key])
        R.check(
            len(lines) == 1 and lines[0].startswith(f"{EM_DASH} witness.test/w1 ") and witness_key in good
            and abs(good[witness_key] - time.time()) < 60,
            f"size {size}: one valid cosignature/v1 line with a current timestamp",
            text,
        )
        cosigned_checkpoints[size] = cosigned
        tiles.publish(log, size, cosigned)
        entries_out = os.path.join(workdir, f"entries-{size}.json")
        result = run_tool(VERIFY, "checkpoint", "--url", tiles.base, *vkey_args, *W, "--threshold", "1",
                          "--entries-out", entries_out)
        if expect_exit(result, 0, f"verifier checkpoint: size {size} verifies with 1 cosignature"):
            summary = json.loads(result.stdout)
            R.check(
                summary == {"origin": log.origin, "size": size, "root": b64encode(log.root(size)), "cosignatures": 1},
                f"verifier checkpoint: size {size} summary", result.stdout,
            )
            with open(entries_out) as handle:
                R.check([base64.b64decode(e) for e in json.load(handle)] == log.entries[:size],
                        f"verifier checkpoint: size {size} entries out")
        if previous != size:
            proof_file = os.path.join(workdir, "consistency.txt")
            with open(proof_file, "w") as handle:
                handle.write("".join(b64encode(h) + "\n" for h in proof))
            result = run_tool(VERIFY, "consistency", "--old-size", str(previous), "--old-root", b64encode(log.root(previous)),
                              "--new-size", str(size), "--new-root", b64encode(log.root(size)), "--proof-file", proof_file)
            expect_exit(result, 0, f"verifier consistency {previous} -> {size}")
            if proof:
                with open(proof_file, "w") as handle:
                    handle.write("".join(b64encode(h) + "\n" for h in proof[:-1] + [flip(proof[-1], 31)]))
                result = run_tool(VERIFY, "consistency", "--old-size", str(previous), "--old-root",
                                  b64encode(log.root(previous)), "--new-size", str(size), "--new-root",
                                  b64encode(log.root(size)), "--proof-file", proof_file)
                expect_exit(result, 1, f"verifier consistency {previous} -> {size}: a corrupted proof fails",
                            "does not verify")
        previous = size

    # Re-posting the same checkpoint (old == size, same root) is cosigned again.
    status, _, _ = witness.add_checkpoint(1000, [], log.checkpoint(1000))
    R.check(status == 200, "witness: same size and same root again -> 200", str(status))

    witness_refusals(workdir, log, stranger, witness)

    # --- tlog-proof ---
    proof_checks(workdir, log, cosigned_checkpoints, vkey_args, W)

    # --- the verifier against a broken log ---
    verifier_refusals(workdir, log, tiles, cosigned_checkpoints[1000], vkey_args, W)

    # --- concurrency: one of several simultaneous posts from the same old size wins ---
    log.append(make_entries(1000, 1))
    checkpoint = log.checkpoint(1001)
    proof = rfc6962_proof(1000, log.leaves[:1001])
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda _: witness.add_checkpoint(1000, proof, checkpoint)[0], range(8)))
    R.check(sorted(statuses) == [200] + [409] * 7, "witness: 8 concurrent posts from old 1000 -> one 200, seven 409",
            str(statuses))

    # Monitoring endpoint and debugging state.
    origin_hash = hashlib.sha256(log.origin.encode()).hexdigest()
    status, headers, body = witness.request("GET", f"/{origin_hash}/checkpoint")
    ok = status == 200
    if ok:
        note = parse_note(body)
        ok = (parse_checkpoint(note.text).size == 1001 and verify_note(note, [log.vkey]) == [log.vkey]
              and witness_key_of(witness_vkey_text) in verify_cosignatures(note, [witness_key_of(witness_vkey_text)]))
    R.check(ok, "witness GET /<origin hash>/checkpoint: latest checkpoint with log signature and cosignature")
    status, _, _ = witness.request("GET", "/" + "0" * 64 + "/checkpoint")
    R.check(status == 404, "witness GET /<unknown origin hash>/checkpoint -> 404", str(status))
    connection = http.client.HTTPConnection("127.0.0.1", witness.port, timeout=30)
    try:
        statuses = []
        for _ in range(3):  # three requests on one kept-alive connection
            connection.request("POST", "/add-checkpoint", f"old 0\n\n{log.checkpoint(1001)}".encode())
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
    finally:
        connection.close()
    R.check(statuses == [409, 409, 409], "witness: keep-alive, three requests on one connection", str(statuses))
    status, _, body = witness.request("GET", "/state")
    R.check(status == 200 and json.loads(body)["logs"][log.origin]["size"] == 1001, "witness GET /state")


def witness_key_of(text: str):
    return parse_vkey(text, SIG_TYPE_COSIGNATURE_V1)


def witness_refusals(workdir, log, stranger, witness) -> None:
    # The log is at 1000 for the witness. Next, 1000 -> 1001 candidates.
    status, headers, body = witness.add_checkpoint(257, [], log.checkpoint(1000))
    R.check(
        status == 409 and headers.get("content-type") == "text/x.tlog.size" and body == b"1000\n",
        "witness: wrong old size -> 409, text/x.tlog.size, body '1000\\n'",
        f"{status} {headers.get('content-type')} {body!r}",
    )
    other = TestLog(log.origin)  # same origin, other history (and key, re-keyed below)
    other.key, other.vkey = log.key, log.vkey
    other.append(make_entries(0, 1000))
    other.entries[5] = b"a different entry"
    other.leaves[5] = leaf_hash(other.entries[5])
    status, _, _ = witness.add_checkpoint(1000, [], other.checkpoint(1000))
    R.check(status == 422, "witness: same size, different root (fork) -> 422", str(status))
    other.append(make_entries(1000, 200))
    status, _, _ = witness.add_checkpoint(1000, rfc6962_proof(1000, other.leaves[:1200]), other.checkpoint(1200))
    R.check(status == 422, "witness: a tree not consistent with the cosigned one -> 422", str(status))

    future = TestLog(log.origin, log.entries + make_entries(1000, 24))
    future.key, future.vkey = log.key, log.vkey
    good_proof = rfc6962_proof(1000, future.leaves[:1024])
    corrupted = good_proof[:1] + [flip(good_proof[1], 7)] + good_proof[2:]
    status, _, _ = witness.add_checkpoint(1000, corrupted, future.checkpoint(1024))
    R.check(status == 422, "witness: corrupted consistency proof -> 422", str(status))
    status, _, _ = witness.add_checkpoint(1000, good_proof[:-1], future.checkpoint(1024))
    R.check(status == 422, "witness: truncated consistency proof -> 422", str(status))
    status, _, _ = witness.add_checkpoint(1000, [], future.checkpoint(1024))
    R.check(status == 422, "witness: missing consistency proof -> 422", str(status))
    status, _, _ = witness.add_checkpoint(1000, good_proof, log.checkpoint(1000))
    R.check(status == 422, "witness: proof lines with equal sizes -> 422", str(status))

    # Smaller trees.
    status, _, _ = witness.add_checkpoint(1000, [], log.checkpoint(256))
    R.check(status == 400, "witness: old size above the checkpoint size -> 400", str(status))
    status, _, body = witness.add_checkpoint(256, [], log.checkpoint(256))
    R.check(status == 409 and body == b"1000\n", "witness: a smaller tree at its own old size -> 409", str(status))

    # Signatures and origins.
    status, _, _ = witness.add_checkpoint(0, [], stranger.checkpoint(0))
    R.check(status == 404, "witness: unknown origin -> 404", str(status))
    good = log.checkpoint(1000)
    body_text, signature_line = good.split("\n\n")
    raw = b64decode_strict(signature_line.split(" ")[2].strip())
    forged = body_text + "\n\n" + f"{EM_DASH} {log.origin} {b64encode(flip(raw, 40))}\n"
    status, _, _ = witness.add_checkpoint(1000, [], forged)
    R.check(status == 403, "witness: a trusted key's signature that fails -> 403", str(status))
    impostor = TestLog(log.origin)
    impostor.append(log.entries[:1000])
    status, _, _ = witness.add_checkpoint(1000, [], impostor.checkpoint(1000))
    R.check(status == 403, "witness: no signature by a trusted key (same name, other key) -> 403", str(status))
    status, _, _ = witness.add_checkpoint(1000, [], good + impostor.checkpoint(1000).split("\n\n")[1])
    R.check(status == 200, "witness: an extra signature by an unknown key is ignored -> 200", str(status))

    # Malformed bodies.
    for what, body in (
        ("no old line", good.encode()),
        ("old size with a leading zero", b"old 01000\n\n" + good.encode()),
        ("a proof line that is not a base64 hash", b"old 1000\nnot-base64\n\n" + good.encode()),
        ("64 proof lines", b"old 1000\n" + b"".join(b64encode(bytes(32)).encode() + b"\n" for _ in range(64)) + b"\n" + good.encode()),
        ("no empty line", b"old 1000\n"),
        ("checkpoint without signatures", b"old 1000\n\n" + log.body(1000).encode()),
    ):
        status, _, _ = witness.request("POST", "/add-checkpoint", body)
        R.check(status == 400, f"witness: malformed body ({what}) -> 400", str(status))
    status, _, _ = witness.request("GET", "/add-checkpoint")
    R.check(status == 404, "witness: GET /add-checkpoint is not the endpoint -> 404", str(status))


def proof_checks(workdir, log, cosigned_checkpoints, vkey_args, W) -> None:
    entry_file = os.path.join(workdir, "entry.bin")
    proof_file = os.path.join(workdir, "entry.tlog-proof")

    def verify(entry: bytes, text: str, *extra: str) -> subprocess.CompletedProcess[str]:
        with open(entry_file, "wb") as handle:
            handle.write(entry)
        with open(proof_file, "w") as handle:
            handle.write(text)
        return run_tool(VERIFY, "proof", *vkey_args, *W, *extra, "--entry-file", entry_file, "--proof-file", proof_file)

    for size, index in ((1, 0), (255, 3), (256, 255), (257, 256), (1000, 97), (1000, 999), (1000, 0)):
        result = verify(log.entries[index], tlog_proof_text(log, index, size, cosigned_checkpoints[size], b"extra data"),
                        "--threshold", "1")
        if expect_exit(result, 0, f"verifier proof: entry {index} in size {size}"):
            summary = json.loads(result.stdout)
            R.check(summary["index"] == index and summary["size"] == size and summary["cosignatures"] == 1,
                    f"verifier proof: entry {index} in size {size} summary", result.stdout)
    good = tlog_proof_text(log, 97, 1000, cosigned_checkpoints[1000])
    expect_exit(verify(log.entries[97], good), 0, "verifier proof: without extra line, threshold 0")
    expect_exit(verify(log.entries[98], good), 1, "verifier proof: another entry -> 1", "inclusion proof")
    expect_exit(verify(log.entries[96], good.replace("index 97\n", "index 96\n")), 1, "verifier proof: another index -> 1", "inclusion proof")
    lines = good.split("\n")
    lines[3] = b64encode(flip(base64.b64decode(lines[3]), 3))
    expect_exit(verify(log.entries[97], "\n".join(lines)), 1, "verifier proof: a corrupted proof hash -> 1", "inclusion proof")
    uncosigned = tlog_proof_text(log, 97, 1000, log.checkpoint(1000))
    expect_exit(verify(log.entries[97], uncosigned, "--threshold", "1"), 1, "verifier proof: no cosignature, threshold 1 -> 1",
                "threshold 1")
    expect_exit(verify(log.entries[97], uncosigned), 0, "verifier proof: no cosignature, threshold 0 -> 0")
    forged_root = tlog_proof_text(log, 97, 1000, log.checkpoint(1000, root=log.root(999)))
    expect_exit(verify(log.entries[97], forged_root), 1, "verifier proof: a checkpoint for another root -> 1",
                "inclusion proof")
    other_log = TestLog("log.test/other", log.entries[:1000])
    foreign = tlog_proof_text(other_log, 97, 1000, other_log.checkpoint(1000))
    expect_exit(verify(log.entries[97], foreign), 1, "verifier proof: a checkpoint of another origin -> 1",
                "is not the log key's name")
    expect_exit(verify(log.entries[97], good.replace("c2sp.org/tlog-proof@v1", "c2sp.org/tlog-proof@v2")), 2,
                "verifier proof: not a tlog-proof@v1 text -> 2", "first line")
    expect_exit(verify(log.entries[97], good, "--threshold", "2"), 2, "verifier proof: threshold above the witnesses known -> 2",
                "can never be met")
    result = run_tool(VERIFY, "proof", *vkey_args, "--entry-file", os.path.join(workdir, "missing"), "--proof-file", proof_file)
    expect_exit(result, 2, "verifier proof: a missing entry file -> 2", "entry file")


def verifier_refusals(workdir, log, tiles: TileServer, cosigned: str, vkey_args, W) -> None:
    def verify(*extra: str) -> subprocess.CompletedProcess[str]:
        return run_tool(VERIFY, "checkpoint", "--url", tiles.base, *vkey_args, *extra)

    expect_exit(verify(*W, "--threshold", "1"), 0, "verifier checkpoint: the published log at 1000 verifies")
    expect_exit(run_tool(VERIFY, "checkpoint", "--url", tiles.base.rstrip("/"), *vkey_args), 0,
                "verifier checkpoint: a base URL without the trailing slash works too")

    def with_change(
        path: str,
        change: Callable[[tuple[str, bytes, bool]], tuple[str, bytes, bool] | None],
        what: str,
        reason: str,
        args: Sequence[str] = (*W, "--threshold", "1"),
    ) -> None:
        with tiles.lock:
            saved = tiles.files[path]
            changed = change(saved)
            if changed is None:
                del tiles.files[path]
            else:
                tiles.files[path] = changed
        try:
            expect_exit(verify(*args), 1, what, reason)
        finally:
            with tiles.lock:
                tiles.files[path] = saved

    flip_byte = lambda offset: lambda item: (item[0], flip(item[1], offset), item[2])  # noqa: E731
    with_change("tile/0/001", flip_byte(32 * 17), "verifier checkpoint: a changed hash in a full level-0 tile -> 1",
                "is not the root of the level-0 tile 1")
    with_change("tile/0/003.p/232", flip_byte(0), "verifier checkpoint: a changed hash in the partial level-0 tile -> 1",
                "entry 768 (tile/entries/003.p/232) does not hash")
    with_change("tile/1/000.p/3", flip_byte(64), "verifier checkpoint: a changed level-1 hash -> 1",
                "hash 2 of level-1 tile 0")
    with_change("tile/0/002", lambda item: (item[0], item[1][:-32], item[2]), "verifier checkpoint: a short tile -> 1", "8160 bytes")
    with_change("tile/0/003.p/232", lambda item: None, "verifier checkpoint: a missing partial tile -> 1",
                "tile/0/003.p/232: HTTP 404")
    with_change("tile/entries/001", flip_byte(10), "verifier checkpoint: a changed entry (gzip bundle) -> 1",
                "(tile/entries/001) does not hash")
    with_change("tile/entries/000", lambda item: (item[0], item[1] + b"\x00\x00", item[2]),
                "verifier checkpoint: an entry bundle with an extra entry -> 1",
                "257 entries")
    with_change("tile/entries/003.p/232", lambda item: None, "verifier checkpoint: a missing entry bundle -> 1",
                "entries/003.p/232: HTTP 404")
    with_change("tile/0/000", lambda item: ("text/plain", item[1], item[2]), "verifier checkpoint: a tile served as text/plain -> 1",
                "Content-Type")
    body, signature_lines = cosigned.split("\n\n")
    log_line, cosignature_line = signature_lines.strip("\n").split("\n")
    cosig_raw = b64decode_strict(cosignature_line.split(" ")[2])
    bad_cosig = cosignature_line.split(" ")[0] + " " + cosignature_line.split(" ")[1] + " " + b64encode(flip(cosig_raw, 12))
    with_change("checkpoint", lambda item: (item[0], (body + "\n\n" + log_line + "\n" + bad_cosig + "\n").encode(), False),
                "verifier checkpoint: a failing cosignature by a known witness -> 1",
                "cosignature by witness.test/w1")
    with_change("checkpoint", lambda item: (item[0], (body + "\n\n" + log_line + "\n").encode(), False),
                "verifier checkpoint: threshold 1 without a cosignature -> 1",
                "0 valid witness cosignature(s), threshold 1")
    with_change("checkpoint", lambda item: (item[0], log.checkpoint(1000, root=log.root(999)).encode(), False),
                "verifier checkpoint: a signed checkpoint whose root is not the tiles' -> 1",
                "root hash from the tiles", args=())
    with_change("checkpoint", lambda item: (item[0], item[1].replace(b"\n1000\n", b"\n1001\n"), False),
                "verifier checkpoint: a changed size under the log's signature -> 1",
                "signature by log.test/countersign")
    other_key = TestLog(log.origin)
    expect_exit(run_tool(VERIFY, "checkpoint", "--url", tiles.base, "--log-vkey", other_key.vkey.text()), 1,
                "verifier checkpoint: the log key of someone else -> 1", "no signature by a trusted key")
    other_witness = make_vkey("witness.test/w2", SIG_TYPE_COSIGNATURE_V1, Ed25519PrivateKey.generate()).text()
    expect_exit(verify("--witness-vkey", other_witness, "--threshold", "1"), 1,
                "verifier checkpoint: threshold 1 with a witness that did not cosign -> 1", "threshold 1")
    expect_exit(verify(*W, "--witness-vkey", other_witness, "--threshold", "1"), 0,
                "verifier checkpoint: 1 of 2 known witnesses meets threshold 1")
    expect_exit(verify(*W, "--threshold", "2"), 2, "verifier checkpoint: threshold above the witnesses known -> 2",
                "can never be met")
    expect_exit(run_tool(VERIFY, "checkpoint", "--url", tiles.base, "--log-vkey", "not-a-vkey"), 2,
                "verifier checkpoint: a malformed vkey -> 2", "--log-vkey")
    expect_exit(run_tool(VERIFY, "checkpoint", "--url", tiles.base, "--log-vkey", W[1]), 2,
                "verifier checkpoint: a witness (0x04) vkey as log vkey -> 2", "type 0x04")
    expect_exit(run_tool(VERIFY, "checkpoint", "--url", tiles.base.replace("/log/", "/nolog/"), *vkey_args), 1,
                "verifier checkpoint: no checkpoint there (404) -> 1", "HTTP 404")
    closed = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    port = closed.server_address[1]
    closed.server_close()
    expect_exit(run_tool(VERIFY, "checkpoint", "--url", f"http://127.0.0.1:{port}/log/", *vkey_args), 1,
                "verifier checkpoint: an unreachable log -> 1", "refused")
    expect_exit(run_tool(VERIFY, "consistency", "--old-size", "1", "--old-root", "AAAA", "--new-size", "2",
                         "--new-root", b64encode(bytes(32)), "--proof-file", os.devnull), 2,
                "verifier consistency: a root that is not a base64 hash -> 2", "--old-root")
    expect_exit(run_tool(VERIFY, "frobnicate"), 2, "verifier: an unknown command -> 2", "invalid choice")


def main() -> int:
    check_spec_examples()
    check_merkle_proofs()
    with tempfile.TemporaryDirectory(prefix="c2sp-selftest-") as workdir:
        end_to_end(workdir)
    print(f"{R.passed} passed, {len(R.failed)} failed")
    return 0 if not R.failed else 1


if __name__ == "__main__":
    sys.exit(main())
