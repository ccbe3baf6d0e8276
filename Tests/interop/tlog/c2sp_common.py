"""Shared code for the independent C2SP transparency-log test tools.

Written from the specification texts in shared/specs/c2sp/ and from RFC 6962
section 2.1 / RFC 9162 section 2.1, not from Countersign's own code, so that a
misreading in the server is not mirrored here. Standard library plus
`cryptography` (Ed25519) only.

Which part follows which text:

- Exit-code contract, `run()`: same as Tests/interop/interop_common.py
  (0 verified, 1 not verified, 2 bad usage or unreadable input, 3 internal
  error). A thing the *log under test* served that is wrong (HTTP error,
  malformed checkpoint, bad tile) is a verdict (1); a malformed command-line
  argument or local file is 2.
- `b64decode_strict`, `parse_hash`: "standard Base 64 encoding specified in
  RFC 4648, Section 4" (every C2SP text). We also insist on the canonical
  encoding (padding present, unused bits zero), which any correct encoder
  produces.
- `check_key_name`, `key_id`, `VerifierKey`: signed-note.md "Format",
  "Signatures" (key ID = SHA-256(name || 0x0A || type || public key)[:4]),
  "Ed25519 signatures" (type 0x01) and "Verifier keys"; type 0x04 key ID from
  tlog-cosignature.md "Format".
- `parse_note`, `verify_note`: signed-note.md "Format" and "Signatures".
- `parse_checkpoint`: tlog-checkpoint.md "Note text".
- `cosignature_message`, `CosignatureVerifier`, `make_cosignature`:
  tlog-cosignature.md "Format" (timestamped_signature: u64 big-endian
  timestamp || 64-byte Ed25519 signature) and "Ed25519 signed message".
- `leaf_hash`, `node_hash`, `merkle_tree_hash`, `EMPTY_ROOT`: RFC 6962
  section 2.1 (MTH of the empty list is SHA-256 of the empty string).
- `verify_inclusion`: RFC 9162 section 2.1.3.2.
- `verify_consistency`: RFC 9162 section 2.1.4.2, plus the trivial cases the
  RFC leaves to the caller (old size 0, old size equal to new size), as
  tlog-witness.md "add-checkpoint" spells them out.
- `tile_index_path`, `tile_path`, `entries_path`, `tile_layout`,
  `parse_entry_bundle`: tlog-tiles.md "Merkle Tree", "Partial Tiles",
  "Log entries".
"""

from __future__ import annotations

import base64
import hashlib
import re
import struct
import sys
import traceback
from dataclasses import dataclass, field
from typing import Any, Iterable, NoReturn, Sequence

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

EXIT_VERIFIED = 0
EXIT_NOT_VERIFIED = 1
EXIT_UNREADABLE = 2
EXIT_INTERNAL_ERROR = 3

HASH_SIZE = 32
EM_DASH = "\u2014"

# signed-note.md "Signature types"
SIG_TYPE_ED25519 = 0x01
SIG_TYPE_COSIGNATURE_V1 = 0x04

# signed-note.md: verifiers MUST accept at least 16 signatures and SHOULD cap
# them. Generous, but bounded.
MAX_NOTE_SIGNATURES = 100

# tlog-cosignature.md: timestamp MUST NOT exceed 2^63 - 1.
MAX_TIMESTAMP = 2**63 - 1

TILE_WIDTH = 256  # tlog-tiles.md: full tiles are exactly 256 hashes wide


class Unreadable(Exception):
    """Input that cannot be interpreted at all (exit 2)."""


class NotVerified(Exception):
    """Readable input that does not verify (exit 1)."""


class Malformed(ValueError):
    """A format violation in parsed text. Callers decide whether that is a
    verdict (something the log served) or unreadable input (a local file)."""


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
    except SystemExit:
        raise
    except Exception:
        # Python's own status for an uncaught exception is 1, which would read
        # as "not verified" and let a broken script pass a tamper test.
        traceback.print_exc()
        sys.exit(EXIT_INTERNAL_ERROR)
    sys.exit(EXIT_VERIFIED)


# --- base64 -------------------------------------------------------------------

_B64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64decode_strict(text: str) -> bytes:
    """RFC 4648 section 4 base64, padded, canonical."""
    if not isinstance(text, str) or not _B64.fullmatch(text) or len(text) % 4 != 0:
        raise Malformed(f"not standard padded base64: {text[:60]!r}")
    data = base64.b64decode(text, validate=True)
    if b64encode(data) != text:
        raise Malformed(f"not canonical base64: {text[:60]!r}")
    return data


def parse_hash(text: str, what: str = "hash") -> bytes:
    data = b64decode_strict(text)
    if len(data) != HASH_SIZE:
        raise Malformed(f"{what} is {len(data)} bytes, not {HASH_SIZE}")
    return data


_DECIMAL = re.compile(r"0|[1-9][0-9]*")


def parse_decimal(text: str, what: str) -> int:
    """ASCII decimal with no leading zeroes (tlog-checkpoint, tlog-witness,
    tlog-proof all use this form)."""
    if not _DECIMAL.fullmatch(text):
        raise Malformed(f"{what} {text[:40]!r} is not a decimal without leading zeroes")
    return int(text)


# --- keys (signed-note.md "Signatures", "Verifier keys") ---------------------------


def check_key_name(name: str) -> None:
    """signed-note.md: key names MUST be non-empty and MUST NOT contain any
    Unicode spaces or plus (U+002B)."""
    if not name:
        raise Malformed("key name is empty")
    for char in name:
        if char == "+" or char.isspace() or ord(char) < 0x20:
            raise Malformed(f"key name {name!r} contains a space, '+' or a control character")


def key_id(name: str, sig_type: int, public_key: bytes) -> bytes:
    """SHA-256(key name || 0x0A || signature type || public key)[:4]."""
    return hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([sig_type]) + public_key).digest()[:4]


@dataclass(frozen=True)
class VerifierKey:
    name: str
    key_id: bytes
    sig_type: int
    public_key: bytes

    @property
    def ed25519(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(self.public_key)

    def text(self) -> str:
        return f"{self.name}+{self.key_id.hex()}+{b64encode(bytes([self.sig_type]) + self.public_key)}"


def parse_vkey(text: str, expected_type: int) -> VerifierKey:
    """`<name>+hex(key ID)+base64(type || public key)`. The key ID must be the
    one the spec defines for the type (both 0x01 and 0x04 are Ed25519 with a
    32-byte key, and their key IDs are fixed by signed-note / tlog-cosignature)."""
    # The name has no '+' and the key ID is hex, but base64 may contain '+':
    # split on the first two only.
    parts = text.strip().split("+", 2)
    if len(parts) != 3:
        raise Malformed(f"vkey {text!r} is not NAME+KEYID+KEY")
    name, hex_id, b64_key = parts
    check_key_name(name)
    if not re.fullmatch(r"[0-9a-f]{8}", hex_id):
        raise Malformed(f"vkey key ID {hex_id!r} is not 8 lowercase hex digits")
    material = b64decode_strict(b64_key)
    if not material:
        raise Malformed("vkey has no key material")
    sig_type, public_key = material[0], material[1:]
    if sig_type != expected_type:
        raise Malformed(f"vkey {name} has signature type 0x{sig_type:02x}, expected 0x{expected_type:02x}")
    if len(public_key) != 32:
        raise Malformed(f"vkey {name} has a {len(public_key)}-byte Ed25519 key, not 32")
    expected_id = key_id(name, sig_type, public_key)
    if bytes.fromhex(hex_id) != expected_id:
        raise Malformed(f"vkey {name} key ID {hex_id} is not the specified {expected_id.hex()}")
    Ed25519PublicKey.from_public_bytes(public_key)  # rejects nothing in practice, but cheap
    return VerifierKey(name, expected_id, sig_type, public_key)


def make_vkey(name: str, sig_type: int, private_key: Ed25519PrivateKey) -> VerifierKey:
    check_key_name(name)
    public = private_key.public_key().public_bytes_raw()
    return VerifierKey(name, key_id(name, sig_type, public), sig_type, public)


# --- signed notes (signed-note.md "Format", "Signatures") ------------------------


@dataclass
class SignatureLine:
    name: str
    key_id: bytes
    signature: bytes  # bytes after the key ID
    line: str  # the whole line without its newline


@dataclass
class Note:
    text: str  # the note text, including its final newline
    signatures: list[SignatureLine] = field(default_factory=list)


def parse_note(data: bytes | str) -> Note:
    """Split a signed note into its text and signature lines.

    The text ends in a newline, then one blank line, then one or more lines
    `— <name> base64(key ID || signature)`, each newline-terminated; the text
    is separated from the signatures by the *last* empty line."""
    if isinstance(data, bytes):
        try:
            note = data.decode("utf-8", errors="strict")
        except UnicodeDecodeError as error:
            raise Malformed(f"note is not UTF-8: {error}") from error
    else:
        note = data
    for char in note:
        if ord(char) < 0x20 and char != "\n":
            raise Malformed(f"note contains control character U+{ord(char):04X}")
    if not note.endswith("\n"):
        raise Malformed("note does not end in a newline")
    split = note.rfind("\n\n")
    if split < 0:
        raise Malformed("note has no blank line before its signatures")
    text, signature_block = note[: split + 1], note[split + 2 :]
    lines = signature_block[:-1].split("\n") if signature_block else []
    if not lines:
        raise Malformed("note has no signature lines")
    if len(lines) > MAX_NOTE_SIGNATURES:
        raise Malformed(f"note has {len(lines)} signatures (limit {MAX_NOTE_SIGNATURES})")
    signatures = []
    for line in lines:
        prefix = EM_DASH + " "
        if not line.startswith(prefix):
            raise Malformed(f"signature line {line[:60]!r} does not start with '— '")
        parts = line[len(prefix) :].split(" ")
        if len(parts) != 2:
            raise Malformed(f"signature line {line[:60]!r} is not '— NAME SIGNATURE'")
        name, b64_sig = parts
        check_key_name(name)
        raw = b64decode_strict(b64_sig)
        if len(raw) < 5:
            raise Malformed(f"signature by {name} is too short")
        signatures.append(SignatureLine(name, raw[:4], raw[4:], line))
    return Note(text, signatures)


def _ed25519_ok(key: VerifierKey, signature: bytes, message: bytes) -> bool:
    try:
        key.ed25519.verify(signature, message)
        return True
    except InvalidSignature:
        return False


def verify_note(note: Note, keys: Sequence[VerifierKey]) -> list[VerifierKey]:
    """Verify a note's Ed25519 (type 0x01) signatures by `keys`.

    Signature lines from unknown (name, key ID) are ignored. A line whose name
    and key ID match a known key MUST verify, else the whole note is refused
    (signed-note.md: clients SHOULD reject it; tlog-witness.md makes it 403).
    Returns the keys whose signatures verified; raises NotVerified when one
    failed or none verified."""
    verified: list[VerifierKey] = []
    for line in note.signatures:
        for key in keys:
            if key.sig_type != SIG_TYPE_ED25519:
                continue
            if line.name == key.name and line.key_id == key.key_id:
                if len(line.signature) != 64 or not _ed25519_ok(key, line.signature, note.text.encode("utf-8")):
                    raise NotVerified(f"signature by {key.name} ({key.key_id.hex()}) does not verify")
                if key not in verified:
                    verified.append(key)
    if not verified:
        raise NotVerified("no signature by a trusted key")
    return verified


def sign_note_line(name: str, private_key: Ed25519PrivateKey, text: str) -> str:
    """An Ed25519 (type 0x01) note signature line, for the self-test's log."""
    public = private_key.public_key().public_bytes_raw()
    raw = key_id(name, SIG_TYPE_ED25519, public) + private_key.sign(text.encode("utf-8"))
    return f"{EM_DASH} {name} {b64encode(raw)}\n"


# --- checkpoints (tlog-checkpoint.md "Note text") --------------------------------


@dataclass
class Checkpoint:
    origin: str
    size: int
    root: bytes
    extensions: list[str]
    text: str


def parse_checkpoint(text: str) -> Checkpoint:
    if not text.endswith("\n"):
        raise Malformed("checkpoint text does not end in a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise Malformed(f"checkpoint has {len(lines)} lines, at least 3 are required")
    if any(line == "" for line in lines):
        raise Malformed("checkpoint has an empty line")
    origin = lines[0]
    size = parse_decimal(lines[1], "checkpoint tree size")
    root = parse_hash(lines[2], "checkpoint root hash")
    return Checkpoint(origin, size, root, lines[3:], text)


# --- cosignatures (tlog-cosignature.md, Ed25519 cosignature/v1) ----------------------


def cosignature_message(timestamp: int, checkpoint_text: str) -> bytes:
    """`cosignature/v1\\ntime <T>\\n` followed by the whole note body
    (extension lines included), without signature lines."""
    return f"cosignature/v1\ntime {timestamp}\n{checkpoint_text}".encode("utf-8")


def make_cosignature(name: str, private_key: Ed25519PrivateKey, timestamp: int, checkpoint_text: str) -> str:
    """One note signature line: `— NAME base64(key ID || u64 ts || sig)`."""
    if not 0 < timestamp <= MAX_TIMESTAMP:
        raise ValueError("cosignature timestamp out of range")
    public = private_key.public_key().public_bytes_raw()
    signature = private_key.sign(cosignature_message(timestamp, checkpoint_text))
    raw = key_id(name, SIG_TYPE_COSIGNATURE_V1, public) + struct.pack(">Q", timestamp) + signature
    return f"{EM_DASH} {name} {b64encode(raw)}\n"


def verify_cosignatures(note: Note, witnesses: Sequence[VerifierKey]) -> dict[VerifierKey, int]:
    """Check the cosignatures by known witnesses (type 0x04 vkeys) on a
    checkpoint note. Returns {witness: timestamp} for those that verified.
    A line matching a known witness's name and key ID that fails to verify
    refuses the note (signed-note.md "Signatures"); other lines are ignored."""
    good: dict[VerifierKey, int] = {}
    for line in note.signatures:
        for witness in witnesses:
            if line.name != witness.name or line.key_id != witness.key_id:
                continue
            if len(line.signature) != 8 + 64:
                raise NotVerified(f"cosignature by {witness.name} is {len(line.signature) + 4} bytes, not 76")
            (timestamp,) = struct.unpack(">Q", line.signature[:8])
            if timestamp > MAX_TIMESTAMP:
                raise NotVerified(f"cosignature by {witness.name} has timestamp above 2^63-1")
            if not _ed25519_ok(witness, line.signature[8:], cosignature_message(timestamp, note.text)):
                raise NotVerified(f"cosignature by {witness.name} ({witness.key_id.hex()}) does not verify")
            good[witness] = timestamp
    return good


# --- Merkle tree hashing (RFC 6962 section 2.1) ---------------------------------------

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _largest_power_of_two_below(n: int) -> int:
    """The k of RFC 6962: largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def merkle_tree_hash(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH(D[n]) given the n leaf hashes, by the recursive definition:
    MTH({}) = SHA-256(), MTH({d0}) = leaf hash, MTH(D[n]) =
    SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])) with k the largest power of
    two smaller than n."""
    n = len(leaf_hashes)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return leaf_hashes[0]
    k = _largest_power_of_two_below(n)
    return node_hash(merkle_tree_hash(leaf_hashes[:k]), merkle_tree_hash(leaf_hashes[k:]))


def perfect_tree_hash(hashes: Sequence[bytes]) -> bytes:
    """Root of a perfect binary tree whose bottom row is `hashes` (a power of
    two in length), e.g. the 256 hashes of a full tile."""
    row = list(hashes)
    if not row or len(row) & (len(row) - 1):
        raise ValueError("perfect_tree_hash needs a power-of-two number of hashes")
    while len(row) > 1:
        row = [node_hash(row[i], row[i + 1]) for i in range(0, len(row), 2)]
    return row[0]


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes) -> bool:
    """RFC 9162 section 2.1.3.2: verify an inclusion proof of the leaf hash
    `leaf` at `index` in the tree of `size` with root hash `root`."""
    if index < 0 or index >= size:  # step 1
        return False
    fn, sn = index, size - 1  # step 2
    r = leaf  # step 3
    for p in proof:  # step 4
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root  # step 5


def verify_consistency(
    old_size: int, old_root: bytes, new_size: int, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Verify that the tree (new_size, new_root) extends (old_size, old_root).

    0 < old < new: RFC 9162 section 2.1.4.2. The edge cases, as RFC 6962
    section 2.1.2 implies and tlog-witness.md states: an old size of 0 is
    consistent with anything and needs an empty proof; equal sizes need equal
    roots and an empty proof (PROOF(n, D[n]) is empty); a smaller new tree is
    never consistent."""
    if old_size < 0 or new_size < old_size:
        return False
    if old_size == 0:
        return not proof
    if old_size == new_size:
        return not proof and old_root == new_root
    path = list(proof)
    if not path:  # step 1
        return False
    if old_size & (old_size - 1) == 0:  # step 2: old size is an exact power of two
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1  # step 3
    while fn & 1:  # step 4
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]  # step 5
    for c in path[1:]:  # step 6
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0  # step 7


# --- tiles (tlog-tiles.md) ---------------------------------------------------------


def tile_index_path(n: int) -> str:
    """Index N as zero-padded 3-digit path elements, all but the last with an
    `x` prefix: 1234067 -> x001/x234/067, 5 -> 005."""
    if n < 0:
        raise ValueError("negative tile index")
    groups = []
    while True:
        groups.append(n % 1000)
        n //= 1000
        if n == 0:
            break
    groups.reverse()
    return "/".join([f"x{g:03d}" for g in groups[:-1]] + [f"{groups[-1]:03d}"])


def _width_suffix(width: int) -> str:
    if width == TILE_WIDTH:
        return ""
    if not 1 <= width < TILE_WIDTH:
        raise ValueError(f"bad tile width {width}")
    return f".p/{width}"


def tile_path(level: int, index: int, width: int) -> str:
    """`tile/<L>/<N>[.p/<W>]` (relative to the log prefix)."""
    if not 0 <= level <= 63:
        raise ValueError(f"bad tile level {level}")
    return f"tile/{level}/{tile_index_path(index)}{_width_suffix(width)}"


def entries_path(index: int, width: int) -> str:
    """`tile/entries/<N>[.p/<W>]` (relative to the log prefix)."""
    return f"tile/entries/{tile_index_path(index)}{_width_suffix(width)}"


def tile_layout(size: int) -> list[list[tuple[int, int]]]:
    """For a tree of `size` leaves, per level, the tiles that exist as
    (index, width): the full tiles (width 256) and at most one partial tile,
    whose width is floor(size / 256**l) mod 256. Level l holds
    floor(size / 256**l) hashes in all; levels with none are omitted."""
    levels = []
    level = 0
    while True:
        count = size // TILE_WIDTH**level
        if count == 0:
            break
        tiles = [(i, TILE_WIDTH) for i in range(count // TILE_WIDTH)]
        if count % TILE_WIDTH:
            tiles.append((count // TILE_WIDTH, count % TILE_WIDTH))
        levels.append(tiles)
        level += 1
    return levels


def parse_entry_bundle(data: bytes, count: int) -> list[bytes]:
    """A sequence of big-endian uint16 length-prefixed entries; exactly
    `count` of them and nothing after."""
    entries = []
    offset = 0
    while offset < len(data):
        if offset + 2 > len(data):
            raise Malformed("entry bundle ends inside a length prefix")
        (length,) = struct.unpack(">H", data[offset : offset + 2])
        offset += 2
        if offset + length > len(data):
            raise Malformed("entry bundle ends inside an entry")
        entries.append(data[offset : offset + length])
        offset += length
    if len(entries) != count:
        raise Malformed(f"entry bundle has {len(entries)} entries, expected {count}")
    return entries


def make_entry_bundle(entries: Iterable[bytes]) -> bytes:
    out = bytearray()
    for entry in entries:
        if len(entry) > 0xFFFF:
            raise ValueError("entry too long for a uint16 length prefix")
        out += struct.pack(">H", len(entry)) + entry
    return bytes(out)
