#!/usr/bin/env python3
"""An independent verifier of a C2SP tiled transparency log, its proofs and
its checkpoints, for Countersign's tests.

    c2sp_log_verify.py checkpoint --url BASE --log-vkey VKEY
                       [--witness-vkey VKEY ...] [--threshold N]
                       [--entries-out FILE]
    c2sp_log_verify.py proof --log-vkey VKEY [--witness-vkey VKEY ...]
                       [--threshold N] --entry-file FILE --proof-file FILE
    c2sp_log_verify.py consistency --old-size N --old-root B64
                       --new-size M --new-root B64 --proof-file FILE

Exit status (as Tests/interop/interop_common.py): 0 verified, with a JSON
summary on stdout; 1 not verified, with one line "not verified: <why>" on
stderr; 2 bad usage or unreadable input; 3 the
script itself failed (traceback on stderr). For `checkpoint`, anything the log serves (HTTP errors,
unreachable log, malformed checkpoint, tiles, bundles) is the thing under test,
so a fault there is 1; a malformed vkey or argument is 2. For `proof` and
`consistency`, a file that is not in the specified form is 2 and a readable
proof that fails is 1.

Written from the specification texts (shared/specs/c2sp/) and RFC 6962 / RFC
9162 section 2.1, not from the server's code. Which part follows which text:

- `checkpoint`:
  * GET <BASE>checkpoint (tlog-tiles.md "Checkpoints": Content-Type
    text/plain, charset utf-8 if given).
  * The note and its log signature: signed-note.md "Format", "Signatures",
    "Ed25519 signatures" (type 0x01, key ID = SHA-256(name || 0x0A || 0x01 ||
    key)[:4]); unknown signature lines are ignored, a failing signature by the
    log key refuses the note.
  * The body: tlog-checkpoint.md "Note text"; its origin line must equal the
    log vkey's name (tlog-tiles.md "Parameters": a log is an origin and its
    keys).
  * Witness cosignatures: tlog-cosignature.md, cosignature/v1 (type 0x04);
    the count of distinct known witnesses whose cosignature verifies must
    reach --threshold (default 0). A failing cosignature by a known witness
    refuses the checkpoint (signed-note.md: SHOULD reject the whole note).
  * Tiles: tlog-tiles.md "Merkle Tree" and "Partial Tiles". Every tile that
    exists for the checkpoint's size is fetched (Content-Type
    application/octet-stream, 32 bytes per hash, the exact width): level l
    holds floor(size / 256**l) hashes in full tiles and one partial tile of
    width floor(size / 256**l) mod 256. Each hash at level l >= 1 must be the
    root of the 256 hashes below it. The root hash is recomputed twice: from
    the tiles as a client would (each power-of-two subtree of the size's
    binary decomposition from the highest level that holds it), and as MTH
    of all leaf hashes (RFC 6962 2.1); both must equal the checkpoint's root
    (SHA-256("") for size 0).
  * Entry bundles: tlog-tiles.md "Log entries"; uint16 big-endian length
    prefixed entries, exactly as many as the level-0 tile's width; each
    entry's RFC 6962 leaf hash SHA-256(0x00 || entry) must equal the level-0
    tile hash at its index. gzip Content-Encoding is accepted.
  * Output: {"origin", "size", "root", "cosignatures"} as JSON on stdout;
    --entries-out writes the entries as a JSON array of base64 strings.
- `proof`: tlog-proof.md "Format" and "Verifying a tlog proof": first line
  `c2sp.org/tlog-proof@v1`, optional `extra <base64>`, `index <N>`, base64
  inclusion-proof hashes, an empty line, the checkpoint note verbatim. Steps:
  leaf hash of the entry file's bytes (RFC 6962), the checkpoint's origin and
  log signature, the witness cosignatures against --threshold, and the
  inclusion proof (RFC 9162 2.1.3.2) against the checkpoint's root.
  Output: {"origin", "size", "root", "index", "cosignatures"}.
- `consistency`: RFC 9162 2.1.4.2 (proof file: one base64 hash per line;
  empty for old size 0 or equal sizes). Output: {"old_size", "new_size"}.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import gzip
import json
import urllib.error
import urllib.request
from email.message import Message
from typing import Sequence

from c2sp_common import (
    EMPTY_ROOT,
    HASH_SIZE,
    SIG_TYPE_COSIGNATURE_V1,
    SIG_TYPE_ED25519,
    TILE_WIDTH,
    Checkpoint,
    Malformed,
    Note,
    NotVerified,
    Unreadable,
    VerifierKey,
    b64decode_strict,
    b64encode,
    entries_path,
    leaf_hash,
    merkle_tree_hash,
    node_hash,
    parse_checkpoint,
    parse_decimal,
    parse_entry_bundle,
    parse_hash,
    parse_note,
    parse_vkey,
    perfect_tree_hash,
    run,
    tile_layout,
    tile_path,
    verify_consistency,
    verify_cosignatures,
    verify_inclusion,
    verify_note,
)

PROOF_HEADER = "c2sp.org/tlog-proof@v1"
FETCH_TIMEOUT = 30
FETCH_WORKERS = 8


# --- arguments and files -------------------------------------------------------------


def read_file(path: str, what: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise Unreadable(f"{what} {path}: {error.strerror}") from error


def keys_from_args(log_vkey: str, witness_vkeys: Sequence[str], threshold: int) -> tuple[VerifierKey, list[VerifierKey]]:
    try:
        log_key = parse_vkey(log_vkey, SIG_TYPE_ED25519)
    except Malformed as error:
        raise Unreadable(f"--log-vkey: {error}") from error
    witnesses = []
    for text in witness_vkeys:
        try:
            witnesses.append(parse_vkey(text, SIG_TYPE_COSIGNATURE_V1))
        except Malformed as error:
            raise Unreadable(f"--witness-vkey: {error}") from error
    if threshold < 0 or threshold > len(set(witnesses)):
        raise Unreadable(f"--threshold {threshold} with {len(set(witnesses))} distinct witness vkeys can never be met")
    return log_key, witnesses


def check_signed_checkpoint(
    note: Note, checkpoint: Checkpoint, log_key: VerifierKey, witnesses: list[VerifierKey], threshold: int
) -> int:
    """Origin, log signature, cosignature threshold. Returns the number of
    known witnesses whose cosignature verified."""
    if checkpoint.origin != log_key.name:
        raise NotVerified(f"checkpoint origin {checkpoint.origin!r} is not the log key's name {log_key.name!r}")
    verify_note(note, [log_key])
    cosigned = verify_cosignatures(note, witnesses)
    if len(cosigned) < threshold:
        raise NotVerified(f"{len(cosigned)} valid witness cosignature(s), threshold {threshold}")
    return len(cosigned)


# --- HTTP ------------------------------------------------------------------------------

# No proxies: the log under test is on this machine, and a proxy variable in
# the environment must not reroute 127.0.0.1.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url: str, media_type: str) -> bytes:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, identity"})
    try:
        with _OPENER.open(request, timeout=FETCH_TIMEOUT) as response:
            body = response.read()
            headers = response.headers
    except urllib.error.HTTPError as error:
        raise NotVerified(f"GET {url}: HTTP {error.code} {error.reason}") from error
    except (urllib.error.URLError, OSError) as error:
        raise NotVerified(f"GET {url}: {getattr(error, 'reason', error)}") from error
    encoding = (headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding == "gzip":
        try:
            body = gzip.decompress(body)
        except (OSError, EOFError) as error:
            raise NotVerified(f"GET {url}: bad gzip body: {error}") from error
    elif encoding != "identity":
        raise NotVerified(f"GET {url}: unrequested Content-Encoding {encoding}")
    content_type = headers.get("Content-Type")
    if content_type is None:
        raise NotVerified(f"GET {url}: no Content-Type (expected {media_type})")
    parsed = Message()
    parsed["Content-Type"] = content_type
    if parsed.get_content_type() != media_type:
        raise NotVerified(f"GET {url}: Content-Type {content_type!r}, expected {media_type}")
    charset = parsed.get_param("charset")
    if media_type.startswith("text/") and charset is not None and str(charset).lower() != "utf-8":
        raise NotVerified(f"GET {url}: charset {charset}, expected utf-8")
    return body


# --- checkpoint ---------------------------------------------------------------------


def root_from_tiles(size: int, rows: list[list[bytes]]) -> bytes:
    """The tree's root hash from the tile rows (rows[l] = all hashes of level
    l, full and partial tiles concatenated). The tree of `size` leaves is the
    right-fold of the perfect subtrees of its binary decomposition (RFC 6962
    2.1: MTH splits at the largest power of two). A subtree of 2**k leaves,
    k = 8*l + j with j < 8, is the perfect tree over 2**j consecutive hashes
    of level l, which lie in one tile because they are aligned."""
    if size == 0:
        return EMPTY_ROOT
    subtrees = []
    start = 0
    for k in range(size.bit_length() - 1, -1, -1):
        if size & (1 << k):
            level, j = divmod(k, 8)
            first = start // TILE_WIDTH**level
            subtrees.append(perfect_tree_hash(rows[level][first : first + (1 << j)]))
            start += 1 << k
    root = subtrees[-1]
    for subtree in reversed(subtrees[:-1]):
        root = node_hash(subtree, root)
    return root


def cmd_checkpoint(args: argparse.Namespace) -> None:
    log_key, witnesses = keys_from_args(args.log_vkey, args.witness_vkey, args.threshold)
    base = args.url if args.url.endswith("/") else args.url + "/"
    if not base.startswith(("http://", "https://")):
        raise Unreadable(f"--url {args.url!r} is not an http(s) URL")

    raw = fetch(base + "checkpoint", "text/plain")
    try:
        note = parse_note(raw)
        checkpoint = parse_checkpoint(note.text)
    except Malformed as error:
        raise NotVerified(f"the log's checkpoint is malformed: {error}") from error
    cosignatures = check_signed_checkpoint(note, checkpoint, log_key, witnesses, args.threshold)
    size = checkpoint.size

    layout = tile_layout(size)
    jobs: list[tuple[str, int, int, int]] = []  # (kind, level, index, width)
    for level, tiles in enumerate(layout):
        for index, width in tiles:
            jobs.append(("tile", level, index, width))
    for index, width in layout[0] if layout else []:
        jobs.append(("entries", 0, index, width))

    def get(job: tuple[str, int, int, int]) -> bytes:
        kind, level, index, width = job
        path = tile_path(level, index, width) if kind == "tile" else entries_path(index, width)
        return fetch(base + path, "application/octet-stream")

    with concurrent.futures.ThreadPoolExecutor(max_workers=FETCH_WORKERS) as pool:
        bodies = dict(zip(jobs, pool.map(get, jobs)))

    # Tiles: exact widths, then rows per level.
    rows: list[list[bytes]] = []
    for level, tiles in enumerate(layout):
        row: list[bytes] = []
        for index, width in tiles:
            data = bodies[("tile", level, index, width)]
            where = tile_path(level, index, width)
            if len(data) != width * HASH_SIZE:
                raise NotVerified(f"{where} is {len(data)} bytes, expected {width} hashes ({width * HASH_SIZE} bytes)")
            row.extend(data[i : i + HASH_SIZE] for i in range(0, len(data), HASH_SIZE))
        rows.append(row)

    # Each hash at level l >= 1 is the root of the full tile below it.
    for level in range(1, len(rows)):
        for i, value in enumerate(rows[level]):
            below = rows[level - 1][i * TILE_WIDTH : (i + 1) * TILE_WIDTH]
            if perfect_tree_hash(below) != value:
                raise NotVerified(
                    f"hash {i % TILE_WIDTH} of level-{level} tile {i // TILE_WIDTH} is not the root "
                    f"of the level-{level - 1} tile {i} below it"
                )

    # Entries: each hashes to its level-0 tile hash.
    entries: list[bytes] = []
    for index, width in layout[0] if layout else []:
        where = entries_path(index, width)
        try:
            bundle = parse_entry_bundle(bodies[("entries", 0, index, width)], width)
        except Malformed as error:
            raise NotVerified(f"{where}: {error}") from error
        for offset, entry in enumerate(bundle):
            position = index * TILE_WIDTH + offset
            if leaf_hash(entry) != rows[0][position]:
                raise NotVerified(f"entry {position} ({where}) does not hash to its level-0 tile hash")
        entries.extend(bundle)

    leaves = rows[0] if rows else []
    if len(leaves) != size:
        raise NotVerified(f"tiles hold {len(leaves)} leaf hashes for a tree of size {size}")
    from_tiles = root_from_tiles(size, rows)
    if from_tiles != checkpoint.root:
        raise NotVerified(
            f"root hash from the tiles {b64encode(from_tiles)} is not the checkpoint's {b64encode(checkpoint.root)}"
        )
    if merkle_tree_hash(leaves) != checkpoint.root:
        raise NotVerified("MTH of the level-0 leaf hashes is not the checkpoint's root")

    if args.entries_out:
        with open(args.entries_out, "w", encoding="utf-8") as handle:
            json.dump([b64encode(entry) for entry in entries], handle)
            handle.write("\n")
    print(
        json.dumps(
            {"origin": checkpoint.origin, "size": size, "root": b64encode(checkpoint.root), "cosignatures": cosignatures}
        )
    )


# --- proof -----------------------------------------------------------------------------


def parse_tlog_proof(text: str) -> tuple[bytes | None, int, list[bytes], str]:
    """(extra, index, inclusion proof, checkpoint note text) of a
    c2sp.org/tlog-proof@v1 text; raises Malformed."""
    lines = text.split("\n")
    if lines[0] != PROOF_HEADER:
        raise Malformed(f"first line is not {PROOF_HEADER!r}")
    position = 1
    extra = None
    if len(lines) > position and lines[position].startswith("extra "):
        extra = b64decode_strict(lines[position][len("extra ") :])
        position += 1
    if len(lines) <= position or not lines[position].startswith("index "):
        raise Malformed("no 'index <N>' line")
    index = parse_decimal(lines[position][len("index ") :], "index")
    position += 1
    proof = []
    while True:
        if position >= len(lines):
            raise Malformed("no empty line before the checkpoint")
        line = lines[position]
        position += 1
        if line == "":
            break
        proof.append(parse_hash(line, f"inclusion proof line {len(proof) + 1}"))
    return extra, index, proof, "\n".join(lines[position:])


def cmd_proof(args: argparse.Namespace) -> None:
    log_key, witnesses = keys_from_args(args.log_vkey, args.witness_vkey, args.threshold)
    entry = read_file(args.entry_file, "entry file")
    raw = read_file(args.proof_file, "proof file")
    try:
        text = raw.decode("utf-8")
        _extra, index, proof, note_text = parse_tlog_proof(text)
        note = parse_note(note_text)
        checkpoint = parse_checkpoint(note.text)
    except (UnicodeDecodeError, Malformed) as error:
        raise Unreadable(f"proof file {args.proof_file} is not a {PROOF_HEADER} proof: {error}") from error
    cosignatures = check_signed_checkpoint(note, checkpoint, log_key, witnesses, args.threshold)
    if index >= checkpoint.size:
        raise NotVerified(f"index {index} is not below the checkpoint's size {checkpoint.size}")
    if not verify_inclusion(leaf_hash(entry), index, checkpoint.size, proof, checkpoint.root):
        raise NotVerified(f"inclusion proof of the entry at index {index} in size {checkpoint.size} does not verify")
    print(
        json.dumps(
            {
                "origin": checkpoint.origin,
                "size": checkpoint.size,
                "root": b64encode(checkpoint.root),
                "index": index,
                "cosignatures": cosignatures,
            }
        )
    )


# --- consistency -----------------------------------------------------------------------


def cmd_consistency(args: argparse.Namespace) -> None:
    try:
        old_root = parse_hash(args.old_root, "--old-root")
        new_root = parse_hash(args.new_root, "--new-root")
    except Malformed as error:
        raise Unreadable(str(error)) from error
    if args.old_size < 0 or args.new_size < 0:
        raise Unreadable("tree sizes must not be negative")
    raw = read_file(args.proof_file, "proof file")
    try:
        lines = raw.decode("ascii").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        proof = [parse_hash(line.strip(), f"proof line {n + 1}") for n, line in enumerate(lines)]
    except (UnicodeDecodeError, Malformed) as error:
        raise Unreadable(f"proof file {args.proof_file}: {error}") from error
    if args.new_size < args.old_size:
        raise NotVerified(f"new size {args.new_size} is smaller than old size {args.old_size}")
    if not verify_consistency(args.old_size, old_root, args.new_size, new_root, proof):
        raise NotVerified(f"consistency proof {args.old_size} -> {args.new_size} does not verify")
    print(json.dumps({"old_size": args.old_size, "new_size": args.new_size}))


# --- main ------------------------------------------------------------------------------


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own exit status is 2 as well
        raise Unreadable(f"usage: {message}")


def main() -> None:
    parser = Parser(description="Independent verifier of a C2SP tiled transparency log.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    def add_keys(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--log-vkey", required=True, help="the log's note vkey (type 0x01)")
        sub.add_argument("--witness-vkey", action="append", default=[], help="a witness vkey (type 0x04)")
        sub.add_argument("--threshold", type=int, default=0, help="valid cosignatures required (default 0)")

    checkpoint = commands.add_parser("checkpoint", help="verify a live tiled log")
    checkpoint.add_argument("--url", required=True, help="log prefix, e.g. http://127.0.0.1:PORT/log/")
    add_keys(checkpoint)
    checkpoint.add_argument("--entries-out", help="write the entries as a JSON array of base64 strings")

    proof = commands.add_parser("proof", help="verify a c2sp.org/tlog-proof@v1 for an entry")
    add_keys(proof)
    proof.add_argument("--entry-file", required=True)
    proof.add_argument("--proof-file", required=True)

    consistency = commands.add_parser("consistency", help="verify an RFC 6962 consistency proof")
    consistency.add_argument("--old-size", type=int, required=True)
    consistency.add_argument("--old-root", required=True)
    consistency.add_argument("--new-size", type=int, required=True)
    consistency.add_argument("--new-root", required=True)
    consistency.add_argument("--proof-file", required=True)

    args = parser.parse_args()
    {"checkpoint": cmd_checkpoint, "proof": cmd_proof, "consistency": cmd_consistency}[args.command](args)


if __name__ == "__main__":
    run(main)
